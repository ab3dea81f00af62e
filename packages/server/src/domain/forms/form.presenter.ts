import type { FormsTable } from "../../db/schema.ts";
import type { StoredField } from "./form.fields.ts";

export const FORM_COMPACT = ["title", "access", "active"] as const;

export type FormRow = FormsTable & { project_name: string; section_name: string | null; owner_name: string | null };

// A request form (Takt extension).
export function presentForm(row: FormRow, baseUrl: string) {
  return {
    gid: String(row.gid),
    resource_type: "form",
    title: row.title,
    description: row.description,
    fields: JSON.parse(row.fields) as StoredField[],
    project: { gid: String(row.project_gid), resource_type: "project", name: row.project_name },
    target_section: row.target_section_gid
      ? { gid: String(row.target_section_gid), resource_type: "section", name: row.section_name ?? "" }
      : null,
    access: row.access,
    allow_attachments: row.allow_attachments === 1,
    active: row.active === 1,
    owner: row.owner_gid ? { gid: String(row.owner_gid), resource_type: "user", name: row.owner_name ?? "" } : null,
    public_url: `${baseUrl}/forms/${row.gid}`,
    created_at: row.created_at,
    modified_at: row.modified_at,
  };
}

// What the person filling the form sees: no owner, no section, the token that dates the filling.
export function presentPublicForm(row: FormRow, fillToken: string) {
  return {
    gid: String(row.gid),
    resource_type: "form",
    title: row.title,
    description: row.description,
    fields: JSON.parse(row.fields) as StoredField[],
    project_name: row.project_name,
    allow_attachments: row.allow_attachments === 1,
    access: row.access,
    fill_token: fillToken,
    honeypot_field: "website",
  };
}
