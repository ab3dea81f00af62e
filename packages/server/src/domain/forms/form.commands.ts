import type { CreateFormBody, FormSubmissionBody, UpdateFormBody } from "@takt/contracts";
import type { FormsTable, ProjectsTable } from "../../db/schema.ts";
import { badRequest } from "../../errors.ts";
import { newGid } from "../../ids.ts";
import type { FileStore, StagedFile } from "../attachments/attachment.storage.ts";
import { sniffMimeType } from "../attachments/mime-sniff.ts";
import { type Actor, type Ctx, flag, transact } from "../context.ts";
import { writeValues } from "../custom-fields/custom-field.values.ts";
import { plainToRichText } from "../rich-text.ts";
import { insertTask } from "../tasks/task.commands.ts";
import { EMPTY_TASK_FIELDS } from "../tasks/task.fields.ts";
import { checkCustomFieldTargets, prepareMappedValues } from "./form.custom-fields.ts";
import { normalizeFields, readAnswers, type StoredField } from "./form.fields.ts";

type ProjectRef = Pick<ProjectsTable, "gid" | "workspace_gid">;

async function checkSection(ctx: Ctx, projectGid: number, sectionGid: number | null | undefined) {
  if (!sectionGid) return;
  const section = await ctx.db
    .selectFrom("sections")
    .select("gid")
    .where("gid", "=", sectionGid)
    .where("project_gid", "=", projectGid)
    .executeTakeFirst();
  if (!section) throw badRequest("target_section: must be a section of the form's project");
}

function formEvent(
  form: Pick<FormsTable, "gid" | "workspace_gid" | "project_gid">,
  action: "added" | "changed" | "deleted",
) {
  return {
    workspace_gid: form.workspace_gid,
    resource_type: "form",
    resource_gid: form.gid,
    parent_type: "project",
    parent_gid: form.project_gid,
    action,
  } as const;
}

export async function createForm(
  ctx: Ctx & { actor: Actor },
  project: ProjectRef,
  input: Omit<CreateFormBody, "target_section"> & { target_section_gid: number | null },
): Promise<number> {
  const fields = normalizeFields(input.fields);
  await checkCustomFieldTargets(ctx.db, project.gid, fields);
  await checkSection(ctx, project.gid, input.target_section_gid);
  return transact(ctx, async (tx) => {
    const gid = newGid();
    await tx.trx
      .insertInto("forms")
      .values({
        gid,
        workspace_gid: project.workspace_gid,
        project_gid: project.gid,
        owner_gid: ctx.actor.gid,
        title: input.title,
        description: input.description ?? "",
        fields: JSON.stringify(fields),
        target_section_gid: input.target_section_gid,
        access: input.access ?? "project_guests",
        allow_attachments: flag(input.allow_attachments ?? false),
        active: flag(input.active ?? true),
        created_at: tx.now,
        modified_at: tx.now,
      })
      .execute();
    await tx.emit(formEvent({ gid, workspace_gid: project.workspace_gid, project_gid: project.gid }, "added"));
    return gid;
  });
}

export async function updateForm(
  ctx: Ctx,
  form: FormsTable,
  input: Omit<UpdateFormBody, "target_section"> & { target_section_gid?: number | null },
): Promise<void> {
  const fields = input.fields ? normalizeFields(input.fields) : undefined;
  if (fields) await checkCustomFieldTargets(ctx.db, form.project_gid, fields);
  await checkSection(ctx, form.project_gid, input.target_section_gid);
  await transact(ctx, async (tx) => {
    await tx.trx
      .updateTable("forms")
      .set({
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(fields ? { fields: JSON.stringify(fields) } : {}),
        ...(input.target_section_gid !== undefined ? { target_section_gid: input.target_section_gid } : {}),
        ...(input.access !== undefined ? { access: input.access } : {}),
        ...(input.allow_attachments !== undefined ? { allow_attachments: flag(input.allow_attachments) } : {}),
        ...(input.active !== undefined ? { active: flag(input.active) } : {}),
        modified_at: tx.now,
      })
      .where("gid", "=", form.gid)
      .execute();
    await tx.emit(formEvent(form, "changed"));
  });
}

export async function deleteForm(ctx: Ctx, form: FormsTable): Promise<void> {
  await transact(ctx, async (tx) => {
    await tx.emit(formEvent(form, "deleted"));
    await tx.trx.deleteFrom("forms").where("gid", "=", form.gid).execute();
  });
}

// The person a submission's task is created as: the form's owner, else the project's owner, else one of
// its admins. A public submitter has no account; their name and email go into the notes.
async function creatorOf(ctx: Ctx, form: FormsTable): Promise<Actor> {
  const candidates = await ctx.db
    .selectFrom("users")
    .select(["gid", "name", "email", "language"])
    .where((eb) =>
      eb.or([
        eb("gid", "=", form.owner_gid ?? 0),
        eb(
          "gid",
          "in",
          eb
            .selectFrom("projects")
            .select("owner_gid")
            .where("gid", "=", form.project_gid)
            .where("owner_gid", "is not", null)
            .$narrowType<{ owner_gid: number }>(),
        ),
        eb(
          "gid",
          "in",
          eb
            .selectFrom("project_memberships")
            .select("user_gid")
            .where("project_gid", "=", form.project_gid)
            .where("access_level", "=", "admin"),
        ),
      ]),
    )
    .execute();
  const owner = candidates.find((user) => user.gid === form.owner_gid) ?? candidates[0];
  if (!owner) throw badRequest("form: this form has no owner to file requests; ask the project's admin");
  return owner;
}

function notesOf(fields: StoredField[], answers: Map<string, string>, form: FormsTable, submitter: string): string {
  const lines = [`Submitted through the form "${form.title}" by ${submitter}.`, ""];
  for (const field of fields) {
    const answer = answers.get(field.key);
    if (answer === undefined || field.maps_to === "name" || field.maps_to === "none") continue;
    if (field.maps_to === "custom_field") continue;
    lines.push(field.type === "textarea" ? `${field.label}:\n${answer}` : `${field.label}: ${answer}`);
  }
  return lines.join("\n").trim();
}

export interface SubmittedFiles {
  store: FileStore;
  files: { name: string; staged: StagedFile }[];
}

// A submission becomes a task in the form's target section, filed by the form's owner, with the answers mapped
// to custom fields set on it and the uploaded files attached (as the owner), all in one transaction; the caller
// moves the staged files into the store once it commits. The event about the form (field "submissions") lets the project's
// admins hear of it (notifications area).
export async function submitForm(
  ctx: Ctx,
  form: FormsTable,
  input: FormSubmissionBody,
  upload?: SubmittedFiles,
): Promise<{ taskGid: number }> {
  const fields = JSON.parse(form.fields) as StoredField[];
  const answers = readAnswers(fields, input.values);
  const submitterName = ctx.actor?.name ?? input.name?.trim();
  const submitterEmail = ctx.actor?.email ?? input.email;
  if (!submitterName) throw badRequest("name: Missing input");
  if (!submitterEmail) throw badRequest("email: Missing input");
  const submitter = `${submitterName} <${submitterEmail}>`;
  const nameField = fields.find((field) => field.maps_to === "name");
  const name = ((nameField && answers.get(nameField.key)) || `${form.title}: ${submitterName}`).slice(0, 1024);
  const notes = notesOf(fields, answers, form, submitter);
  const creator = await creatorOf(ctx, form);
  const values = await prepareMappedValues(ctx.db, creator, form, fields, answers);
  return transact(ctx, async (tx) => {
    const task = await insertTask(tx, creator, {
      workspaceGid: form.workspace_gid,
      fields: { ...EMPTY_TASK_FIELDS, name, notes, html_notes: plainToRichText(notes) },
      parent: null,
      placements: [{ projectGid: form.project_gid, sectionGid: form.target_section_gid }],
      followerGids: ctx.actor ? [ctx.actor.gid] : [],
    });
    await writeValues(tx, task, values);
    for (const file of upload?.files ?? []) {
      const gid = newGid();
      await tx.trx
        .insertInto("attachments")
        .values({
          gid,
          workspace_gid: task.workspace_gid,
          parent_gid: task.gid,
          resource_subtype: "asana",
          name: file.name,
          sha256: file.staged.sha256,
          size: file.staged.size,
          content_type: sniffMimeType(file.staged.head),
          url: null,
          created_by_gid: creator.gid,
          created_at: tx.now,
        })
        .execute();
      await tx.emit({
        workspace_gid: task.workspace_gid,
        resource_type: "attachment",
        resource_gid: gid,
        resource_subtype: "asana",
        parent_type: "task",
        parent_gid: task.gid,
        action: "added",
      });
    }
    await tx.emit({
      ...formEvent(form, "changed"),
      change: {
        field: "submissions",
        action: "added",
        added_value: { gid: String(task.gid), resource_type: "task", name: task.name },
      },
    });
    return { taskGid: task.gid };
  });
}
