import { z } from "zod";
import { DateOnly, Gid } from "./common.ts";
import { ProjectColor } from "./projects.ts";
import { DateTime, Day, OPT_IN_PERMISSIONS, UserCompact, WorkspaceCompact } from "./resources/shared.ts";
import { StatusType } from "./status-updates.ts";

// Portfolios (Asana's /portfolios): projects and nested portfolios followed together, with members and fields.

export const PortfolioColor = ProjectColor.exclude(["none"]).meta({ id: "PortfolioColor" });
export const PortfolioAccessLevel = z.enum(["admin", "editor", "viewer"]).meta({ id: "PortfolioAccessLevel" });
export type PortfolioAccessLevel = z.infer<typeof PortfolioAccessLevel>;

export const PortfolioPermissions = z
  .object({
    edit: z.boolean().describe("May rename the portfolio and change its dates, colour and fields."),
    add_items: z.boolean().describe("May add and remove projects and portfolios."),
    manage_members: z.boolean(),
    delete: z.boolean(),
    view_billing: z.boolean().describe("May see budgets and their burn on the portfolio's projects."),
  })
  .meta({ id: "PortfolioPermissions" });
export type PortfolioPermissions = z.infer<typeof PortfolioPermissions>;

const PortfolioFields = {
  name: z.string().trim().min(1).max(1024),
  color: PortfolioColor.nullable().optional(),
  start_on: DateOnly.nullable().optional(),
  due_on: DateOnly.nullable().optional(),
  public: z.boolean().optional(),
  archived: z.boolean().optional(),
  default_access_level: PortfolioAccessLevel.optional(),
  owner: z.string().min(1).max(40).optional().describe("A user gid, an email, or me."),
  privacy_setting: z.enum(["public_to_domain", "members_only"]).optional(),
};

export const CreatePortfolioBody = z.strictObject({
  ...PortfolioFields,
  workspace: Gid,
  members: z.array(z.string().min(1).max(40)).max(100).optional(),
});
export type CreatePortfolioBody = z.infer<typeof CreatePortfolioBody>;
export const UpdatePortfolioBody = z.strictObject({ ...PortfolioFields, name: PortfolioFields.name.optional() });
export type UpdatePortfolioBody = z.infer<typeof UpdatePortfolioBody>;

export const PortfoliosQuery = z.object({ workspace: Gid, owner: z.string().max(40).optional() }).loose();
export const PortfolioPathParams = z.object({ portfolio_gid: Gid });
export const PortfolioMembershipPathParams = z.object({ portfolio_membership_gid: Gid });
export const PortfolioMembershipsQuery = z
  .object({ portfolio: Gid.optional(), workspace: Gid.optional(), user: z.string().max(40).optional() })
  .loose();

export const PortfolioItemBody = z.strictObject({
  item: Gid,
  insert_before: Gid.optional(),
  insert_after: Gid.optional(),
});
export const PortfolioRemoveItemBody = z.strictObject({ item: Gid });
export const PortfolioMembersBody = z.strictObject({
  members: z
    .union([z.string().min(1).max(2000), z.array(z.string().min(1).max(40)).min(1).max(100)])
    .describe("User gids or emails, as an array or a comma-separated string."),
});
export const PortfolioCustomFieldSettingBody = z.strictObject({
  custom_field: Gid,
  is_important: z.boolean().optional(),
  insert_before: Gid.optional(),
  insert_after: Gid.optional(),
});
export const PortfolioRemoveCustomFieldSettingBody = z.strictObject({ custom_field: Gid });

export const PortfolioCompact = z
  .object({
    gid: Gid,
    resource_type: z.literal("portfolio"),
    name: z.string(),
    permissions: PortfolioPermissions.optional().describe(OPT_IN_PERMISSIONS),
  })
  .meta({ id: "PortfolioCompact" });
export type PortfolioCompact = z.infer<typeof PortfolioCompact>;

const CustomFieldRef = z.object({
  gid: Gid,
  resource_type: z.literal("custom_field"),
  name: z.string(),
  resource_subtype: z.string(),
});

export const PortfolioCustomFieldSetting = z
  .object({
    gid: Gid,
    resource_type: z.literal("custom_field_setting"),
    is_important: z.boolean(),
    parent: PortfolioCompact,
    custom_field: CustomFieldRef,
  })
  .meta({ id: "PortfolioCustomFieldSetting" });

export const Portfolio = z
  .object({
    gid: Gid,
    resource_type: z.literal("portfolio"),
    name: z.string(),
    archived: z.boolean(),
    color: PortfolioColor.nullable(),
    start_on: Day.nullable(),
    due_on: Day.nullable(),
    default_access_level: PortfolioAccessLevel,
    created_at: DateTime,
    created_by: UserCompact.nullable(),
    owner: UserCompact.nullable(),
    members: z.array(UserCompact),
    workspace: WorkspaceCompact,
    public: z.boolean(),
    privacy_setting: z.enum(["public_to_domain", "members_only"]),
    permalink_url: z.string(),
    custom_field_settings: z.array(PortfolioCustomFieldSetting),
    custom_fields: z.array(CustomFieldRef),
    current_status_update: z.null().describe("Portfolios carry no status updates of their own in Takt."),
    project_templates: z.array(z.object({ gid: Gid, resource_type: z.string() })),
    permissions: PortfolioPermissions.optional().describe(OPT_IN_PERMISSIONS),
  })
  .meta({ id: "Portfolio" });
export type Portfolio = z.infer<typeof Portfolio>;

export const PortfolioMembership = z
  .object({
    gid: Gid,
    resource_type: z.literal("portfolio_membership"),
    parent: PortfolioCompact,
    portfolio: PortfolioCompact,
    member: UserCompact,
    user: UserCompact,
    access_level: PortfolioAccessLevel,
  })
  .meta({ id: "PortfolioMembership" });

// An item of a portfolio: a project (with what the portfolio page shows of it) or a nested portfolio.
export const PortfolioItem = z
  .object({
    gid: Gid,
    resource_type: z.enum(["project", "portfolio"]),
    name: z.string(),
    color: z.string().nullable().optional(),
    owner: UserCompact.nullable().optional(),
    start_on: Day.nullable().optional(),
    due_on: Day.nullable().optional(),
    archived: z.boolean().optional(),
    current_status_update: z
      .object({
        gid: Gid,
        resource_type: z.literal("status_update"),
        title: z.string(),
        status_type: StatusType,
        created_at: DateTime,
      })
      .nullable()
      .optional(),
    progress: z
      .object({ completed: z.number().int(), total: z.number().int() })
      .optional()
      .describe("Takt extension: completed and total top-level tasks (a nested portfolio adds up its projects)."),
    budget: z
      .object({
        budget_type: z.enum(["time", "cost"]),
        total: z.number().nullable(),
        actual: z.number(),
        units: z.string(),
      })
      .nullable()
      .optional()
      .describe("Takt extension: the project's budget and its burn, for those who may see billing."),
    permissions: z.record(z.string(), z.boolean()).optional().describe(OPT_IN_PERMISSIONS),
  })
  .meta({ id: "PortfolioItem" });
export type PortfolioItem = z.infer<typeof PortfolioItem>;
