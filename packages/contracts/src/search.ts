import { z } from "zod";
import { Gid } from "./common.ts";

// Search and typeahead within a workspace. Task search takes Asana's many filters (text, assignee.any,
// due_on.before, sort_by, …), read by the server's search parser.

export const TYPEAHEAD_TYPES = ["task", "project", "user", "team", "tag", "custom_field"] as const;
export const TypeaheadType = z.enum(TYPEAHEAD_TYPES, `must be one of ${TYPEAHEAD_TYPES.join(", ")}`);
export type TypeaheadType = z.infer<typeof TypeaheadType>;

export const TypeaheadQuery = z
  .object({
    resource_type: TypeaheadType.optional(),
    // An older name of resource_type, still accepted.
    type: TypeaheadType.optional(),
    count: z.coerce
      .number("must be an integer between 1 and 100")
      .int("must be an integer between 1 and 100")
      .min(1, "must be an integer between 1 and 100")
      .max(100, "must be an integer between 1 and 100")
      .optional(),
    query: z.string().max(200, "must be at most 200 characters").optional(),
    // Projects: archived ones (and tasks only in archived projects) are left out unless archived=true.
    archived: z.enum(["true", "false"], "must be true or false").optional(),
  })
  .loose();
export type TypeaheadQuery = z.infer<typeof TypeaheadQuery>;

export const SearchWorkspaceParams = z.object({ workspace_gid: Gid });
