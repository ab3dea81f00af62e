import { z } from "zod";
import { DateOnly, Gid } from "./common.ts";
import { UserCompact } from "./resources/shared.ts";

// Out-of-office entries (Asana's ooo_entries): the days a person of the workspace is away.
export const CreateOooEntryBody = z.strictObject({
  user: z.string().min(1),
  workspace: z.string().min(1),
  start_date: DateOnly,
  end_date: DateOnly,
});
export type CreateOooEntryInput = z.infer<typeof CreateOooEntryBody>;

export const UpdateOooEntryBody = z.strictObject({
  start_date: DateOnly.optional(),
  end_date: DateOnly.optional(),
});
export type UpdateOooEntryInput = z.infer<typeof UpdateOooEntryBody>;

export const OooEntriesQuery = z
  .object({
    user: z.string().min(1),
    workspace: z.string().min(1),
    start_date: DateOnly.optional(),
    end_date: DateOnly.optional(),
  })
  .loose();
export type OooEntriesQuery = z.infer<typeof OooEntriesQuery>;

export const OooEntryParams = z.object({ ooo_entry_gid: Gid });

export const OooEntry = z
  .object({
    gid: Gid,
    resource_type: z.literal("ooo_entry"),
    start_date: z.string(),
    end_date: z.string(),
    user: UserCompact,
    created_by: UserCompact.nullable(),
  })
  .loose()
  .meta({ id: "OooEntry" });
