import type * as C from "@takt/contracts";
import { useQueries, useQuery } from "@tanstack/react-query";
import { ApiError, api, type ErrorDetail } from "../../api/client";
import { registerLiveInvalidations } from "../../api/realtime";
import type { Answer } from "../../api/types";

// Client portal: invitations, attachments, inbox, guest home, forms, status updates.

export type AccessLevel = C.AccessLevel;
export type StatusType = C.StatusType;
export const STATUS_TYPES: StatusType[] = ["on_track", "at_risk", "off_track", "on_hold", "complete"];
export const STATUS_COLOR: Record<StatusType, string> = {
  on_track: "teal",
  at_risk: "yellow",
  off_track: "red",
  on_hold: "blue",
  complete: "violet",
};

// The contracts' answers, with the fields each view asks for.
export type Invitation = Answer<
  C.Invitation,
  "email" | "role" | "access_level" | "status" | "delivery" | "project" | "inviter" | "created_at" | "expires_at",
  "invite_url"
>;
export type InvitationPreview = C.InvitationPreview;
export type Attachment = Answer<
  C.Attachment,
  "name" | "resource_subtype" | "created_at" | "download_url" | "view_url" | "size" | "content_type"
>;
export type StatusUpdate = Answer<C.StatusUpdate, "title" | "status_type" | "created_at", "text" | "author">;
export type GuestProject = C.GuestHomeProject;
export type FormField = C.StoredFormField;
export type Form = Answer<
  C.Form,
  "title" | "description" | "fields" | "access" | "active" | "public_url",
  "allow_attachments"
>;
export type PublicForm = C.PublicForm;

export const portalKeys = {
  invitations: (project: string) => ["invitations", project] as const,
  attachments: (task: string) => ["attachments", task] as const,
  allGuestHomes: ["guest-home"] as const,
  guestHome: (workspace: string) => ["guest-home", workspace] as const,
  allForms: ["forms"] as const,
  forms: (project: string) => ["forms", project] as const,
  allStatusUpdates: ["status-updates"] as const,
  statusUpdates: (project: string) => ["status-updates", project] as const,
  members: (project: string) => ["project-members", project] as const,
  publicForm: (form: string) => ["public-form", form] as const,
  invitationPreview: (token: string) => ["invitation-preview", token] as const,
};

// Who invites whom where, as the invitation link shows it before it is accepted.
export function useInvitationPreview(token: string) {
  return useQuery({
    queryKey: portalKeys.invitationPreview(token),
    queryFn: () => api.get<InvitationPreview>(`/invitations/accept/${encodeURIComponent(token)}`),
    retry: false,
  });
}

export function useInvitations(workspace: string | undefined, project: string, enabled = true) {
  return useQuery({
    queryKey: portalKeys.invitations(project),
    enabled: !!workspace && enabled,
    queryFn: () =>
      api.all<Invitation>("/invitations", {
        workspace: workspace!,
        project,
        opt_fields: "email,role,access_level,status,delivery,project.name,inviter.name,created_at,expires_at",
      }),
  });
}

export type ProjectMember = Answer<C.ProjectMembership, "user" | "access_level">;

export function useProjectMembers(project: string | undefined) {
  return useQuery({
    queryKey: portalKeys.members(project ?? ""),
    enabled: !!project,
    staleTime: 60_000,
    queryFn: () =>
      api.all<ProjectMember>(`/projects/${project}/project_memberships`, { opt_fields: "user.name,access_level" }),
  });
}

// The members of several projects at once (each list cached on its own), for @mentions.
export function useMembersOf(projects: string[]) {
  return useQueries({
    queries: projects.map((project) => ({
      queryKey: portalKeys.members(project),
      staleTime: 60_000,
      queryFn: () =>
        api.all<ProjectMember>(`/projects/${project}/project_memberships`, { opt_fields: "user.name,access_level" }),
    })),
  });
}

export function useAttachments(task: string) {
  return useQuery({
    queryKey: portalKeys.attachments(task),
    queryFn: () =>
      api.all<Attachment>(`/tasks/${task}/attachments`, {
        opt_fields: "name,resource_subtype,created_at,download_url,view_url,size,content_type",
      }),
  });
}

export function useGuestHome(workspace: string | undefined) {
  return useQuery({
    queryKey: portalKeys.guestHome(workspace ?? ""),
    enabled: !!workspace,
    queryFn: () => api.get<GuestProject[]>(`/workspaces/${workspace}/guest_home`),
  });
}

export function useForms(project: string) {
  return useQuery({
    queryKey: portalKeys.forms(project),
    queryFn: () =>
      api.all<Form>(`/projects/${project}/forms`, {
        opt_fields: "title,description,fields,access,active,public_url,allow_attachments",
      }),
  });
}

// A form as anyone with its link sees it (no session needed).
export function usePublicForm(formGid: string) {
  return useQuery({
    queryKey: portalKeys.publicForm(formGid),
    queryFn: () => api.get<PublicForm>(`/forms/${formGid}/public`),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useLatestStatus(project: string) {
  return useQuery({
    queryKey: portalKeys.statusUpdates(project),
    queryFn: async () => {
      const page = await api.page<StatusUpdate>("/status_updates", {
        parent: project,
        limit: 1,
        opt_fields: "title,text,status_type,created_at,author.name",
      });
      return page.data[0] ?? null;
    },
  });
}

// Multipart upload with progress-free fetch; the server answers {data: attachment}.
export async function uploadAttachment(task: string, file: File): Promise<Attachment> {
  const body = new FormData();
  body.append("parent", task);
  body.append("file", file, file.name);
  let response: Response;
  try {
    response = await fetch("/api/1.0/attachments", {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
      body,
    });
  } catch {
    throw new ApiError(0, "network");
  }
  const json = await response.json().catch(() => null);
  if (!response.ok) {
    const details: ErrorDetail[] = Array.isArray(json?.errors) ? json.errors : [];
    const message = details.map((error) => error.message).join("; ");
    throw new ApiError(response.status, message || `${response.status}`, undefined, details);
  }
  return json.data as Attachment;
}

// Relative path of a server URL, so the app works behind whatever origin the browser used.
export function localUrl(url: string | null): string {
  if (!url) return "#";
  try {
    const parsed = new URL(url, window.location.origin);
    return parsed.origin === window.location.origin || parsed.pathname.startsWith("/api/1.0/attachments/")
      ? `${parsed.pathname}${parsed.search}`
      : url;
  } catch {
    return url;
  }
}

// The guest home counts tasks per stage and shows the latest status; files, forms and status updates follow theirs.
registerLiveInvalidations("portal", ["task", "story", "attachment", "status_update", "form"], (event) => {
  switch (event.resource.resource_type) {
    case "attachment":
      return event.parent ? [portalKeys.attachments(event.parent.gid)] : [];
    case "status_update":
      return [portalKeys.allStatusUpdates, portalKeys.allGuestHomes];
    case "form":
      return [portalKeys.allForms];
    default:
      return [portalKeys.allGuestHomes];
  }
});
