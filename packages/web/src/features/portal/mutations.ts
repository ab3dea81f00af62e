import type {
  ApprovalDecisionBody,
  CreateFormBody,
  CreateInvitationBody,
  CreateStatusUpdateBody,
  FormSubmissionBody,
} from "@takt/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type BodyOf } from "../../api/client";
import type { TaskDetail } from "../../api/types";
import { patchTaskEverywhere } from "../tasks/cache";
import { TASK_DETAIL_FIELDS } from "../tasks/fields";
import { invalidateTask } from "../tasks/mutations";
import {
  type AccessLevel,
  type Attachment,
  type FormField,
  type Invitation,
  portalKeys,
  type StatusType,
  uploadAttachment,
} from "./queries";

// Forms and dialogs show a refusal under their own fields (meta.silent): no notification on top.

export function usePostStatus(project: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { status_type: StatusType; title: string; text: string; stage?: string }) =>
      api.post<unknown, typeof CreateStatusUpdateBody>("/status_updates", { parent: project, ...input }),
    meta: { silent: true },
    onSuccess: () => {
      client.invalidateQueries({ queryKey: portalKeys.statusUpdates(project) });
      client.invalidateQueries({ queryKey: portalKeys.allGuestHomes });
      client.invalidateQueries({ queryKey: ["project-stage", project] });
    },
  });
}

export interface NewForm {
  title: string;
  description: string;
  access: "project_guests" | "public_link";
  target_section: string | null;
  fields: Pick<FormField, "label" | "type" | "required" | "maps_to">[];
}

export function useCreateForm(project: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewForm) => api.post<unknown, typeof CreateFormBody>(`/projects/${project}/forms`, input),
    meta: { silent: true },
    onSuccess: () => client.invalidateQueries({ queryKey: portalKeys.forms(project) }),
  });
}

export function useSubmitForm(formGid: string) {
  return useMutation({
    mutationFn: (input: BodyOf<typeof FormSubmissionBody>) =>
      api.post<unknown, typeof FormSubmissionBody>(`/forms/${formGid}/submit`, input),
    meta: { silent: true },
  });
}

export interface NewInvitation {
  workspace: string;
  email: string;
  role: "guest" | "member";
  access_level: AccessLevel;
}

// Invitations to a project: sent, sent again, revoked; the list follows the server.
export function useInvitationActions(project: string) {
  const client = useQueryClient();
  const key = portalKeys.invitations(project);
  const refresh = () => client.invalidateQueries({ queryKey: key });
  const invite = useMutation({
    mutationFn: (input: NewInvitation) =>
      api.post<Invitation, typeof CreateInvitationBody>("/invitations", { ...input, project }),
    meta: { silent: true },
    onSuccess: refresh,
  });
  const resend = useMutation({
    mutationFn: (invitation: Invitation) => api.post<Invitation>(`/invitations/${invitation.gid}/resend`),
    onSuccess: refresh,
  });
  const revoke = useMutation({
    mutationFn: (invitation: Invitation) => api.delete(`/invitations/${invitation.gid}`),
    onMutate: (invitation) =>
      client.setQueryData<Invitation[]>(key, (list) => list?.filter((item) => item.gid !== invitation.gid)),
    onSettled: refresh,
  });
  return { invite, resend, revoke };
}

export type Decision = "approve" | "requestChanges" | "reject";

// The approver's decision on an approval task; a change request or rejection carries its reason.
export function useDecideApproval(task: TaskDetail) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ decision, text }: { decision: Decision; text?: string }) =>
      api.post<TaskDetail, typeof ApprovalDecisionBody>(`/tasks/${task.gid}/${decision}`, text ? { text } : {}, {
        opt_fields: TASK_DETAIL_FIELDS,
      }),
    onSuccess: (updated, { decision }) => {
      const status = { approve: "approved", requestChanges: "changes_requested", reject: "rejected" } as const;
      patchTaskEverywhere(client, task.gid, { approval_status: updated?.approval_status ?? status[decision] });
      invalidateTask(client, task.gid);
    },
  });
}

// Files on a task: each upload shows when the server has it; a failed one names its file.
export function useUploadAttachment(taskGid: string) {
  const client = useQueryClient();
  const key = portalKeys.attachments(taskGid);
  return useMutation({
    mutationFn: (file: File) => uploadAttachment(taskGid, file),
    meta: { silent: true },
    onSuccess: (created) =>
      // A live update may have brought it in already (the socket can beat the upload's answer).
      client.setQueryData<Attachment[]>(key, (rows) =>
        rows?.some((row) => row.gid === created.gid) ? rows : [...(rows ?? []), created],
      ),
  });
}

export function useDeleteAttachment(taskGid: string) {
  const client = useQueryClient();
  const key = portalKeys.attachments(taskGid);
  return useMutation({
    mutationFn: (attachment: Attachment) => api.delete(`/attachments/${attachment.gid}`),
    meta: { undone: true },
    onMutate: (attachment) => {
      const before = client.getQueryData<Attachment[]>(key);
      client.setQueryData<Attachment[]>(key, (rows) => rows?.filter((row) => row.gid !== attachment.gid));
      return { before };
    },
    onError: (_error, _attachment, context) => client.setQueryData(key, context?.before),
  });
}
