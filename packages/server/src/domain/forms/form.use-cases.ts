import type { CreateFormBody, FormSubmissionBody, UpdateFormBody } from "@takt/contracts";
import { badRequest, notFound } from "../../errors.ts";
import type { Takt } from "../../takt.ts";
import { type Actor, type Ctx, unitOfWork } from "../context.ts";
import { secretKeyOf } from "../custom-fields/secret-box.ts";
import { authorizeProject } from "../projects/project.policy.ts";
import { findProject } from "../projects/project.queries.ts";
import { refGid } from "../tasks/task.resolve.ts";
import { createForm, deleteForm, type SubmittedFiles, submitForm, updateForm } from "./form.commands.ts";
import { authorizeForm } from "./form.policy.ts";
import { findForm, formsOfProject } from "./form.queries.ts";
import { checkFillToken, fillTokenKey, issueFillToken, takeSubmissionSlot } from "./form.spam.ts";

type FormCtx = Ctx & { actor: Actor };
type Window = { limit: number; offset: number };

const sectionGidOf = (raw: string | null | undefined) =>
  raw === undefined ? undefined : raw === null ? null : refGid(raw, "section");

async function formOf(ctx: Ctx, formGid: number) {
  const form = await findForm(ctx.db, formGid);
  if (!form) throw notFound("form");
  return form;
}

export async function listForms(ctx: FormCtx, projectGid: number, window: Window) {
  await authorizeProject(ctx.db, ctx.actor, await findProject(ctx.db, projectGid), "read");
  return formsOfProject(ctx.db, projectGid, window);
}

export async function addForm(ctx: FormCtx, projectGid: number, input: CreateFormBody) {
  return unitOfWork(ctx, async (uow) => {
    const project = await findProject(uow.db, projectGid);
    await authorizeProject(uow.db, ctx.actor, project, "edit");
    const { target_section, ...rest } = input;
    const gid = await createForm(uow, project!, { ...rest, target_section_gid: sectionGidOf(target_section) ?? null });
    return formOf(uow, gid);
  });
}

export async function showForm(ctx: FormCtx, formGid: number) {
  const form = await formOf(ctx, formGid);
  await authorizeForm(ctx.db, ctx.actor, form, "read");
  return form;
}

export async function editForm(ctx: FormCtx, formGid: number, input: UpdateFormBody) {
  return unitOfWork(ctx, async (uow) => {
    const form = await formOf(uow, formGid);
    await authorizeForm(uow.db, ctx.actor, form, "manage");
    const { target_section, ...rest } = input;
    await updateForm(uow, form, { ...rest, target_section_gid: sectionGidOf(target_section) });
    return formOf(uow, formGid);
  });
}

export async function removeForm(ctx: FormCtx, formGid: number) {
  await unitOfWork(ctx, async (uow) => {
    const form = await formOf(uow, formGid);
    await authorizeForm(uow.db, ctx.actor, form, "manage");
    await deleteForm(uow, form);
  });
}

// The fill-token key is derived from the server's secret key: every node issues and checks the same tokens.
const fillKeyOf = async (takt: Takt) => fillTokenKey(await secretKeyOf(takt));

// The form as the person filling it sees it, with the token that dates the filling; no sign-in for a public link.
export async function openFormToFill(ctx: Ctx, takt: Takt, formGid: number) {
  const form = await formOf(ctx, formGid);
  await authorizeForm(ctx.db, ctx.actor, form, "fill");
  return { form, fillToken: issueFillToken(await fillKeyOf(takt), form.gid) };
}

export interface Submission {
  // The client's address: submissions are counted per address.
  ip: string;
  withFiles: boolean;
  // Reads the answers (and stages the files): called once the form is known to take this submission.
  read(): Promise<{ input: FormSubmissionBody; upload?: SubmittedFiles }>;
}

// Checks come first, then the body is read: nobody streams files at a form they may not fill. The address's
// submission is counted whatever follows (a flood of refused submissions is still a flood). The task, its answers
// and its files are one unit; the staged files move into the store once it commits, and are dropped otherwise.
// A filled honeypot is a bot: it is answered like a person, and nothing is filed (taskGid null).
export async function submitToForm(ctx: Ctx, takt: Takt, formGid: number, submission: Submission) {
  const form = await formOf(ctx, formGid);
  await authorizeForm(ctx.db, ctx.actor, form, "fill");
  if (submission.withFiles && form.allow_attachments !== 1) {
    throw badRequest("file: this form takes no attachments; send the answers as JSON");
  }
  await takeSubmissionSlot(ctx.db, submission.ip, takt.config.formSubmissionsPerMinute);
  const { input, upload } = await submission.read();
  const discard = async () => {
    for (const file of upload?.files ?? []) await upload?.store.discard(file.staged);
  };
  try {
    checkFillToken(await fillKeyOf(takt), input.fill_token, form.gid);
    if (input.website?.trim()) {
      await discard();
      return { taskGid: null };
    }
    const filed = await unitOfWork(ctx, (uow) => submitForm(uow, form, input, upload));
    for (const file of upload?.files ?? []) await upload?.store.commit(file.staged);
    return filed;
  } catch (error) {
    await discard();
    throw error;
  }
}
