import type {
  AcceptInvitationBody,
  ChangePasswordBody,
  LoginBody,
  PasswordResetConfirmBody,
  PasswordResetRequestBody,
  SetupBody,
} from "@takt/contracts";
import { type QueryClient, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type BodyOf } from "../../api/client";
import type { Me } from "../../api/types";
import { setLanguage } from "../../i18n";
import { sessionKeys } from "./queries";

// The session's writes. Their pages say a refusal under their own fields (meta.silent).

// The signed-in person as a write answered it, at once; then as the session query asks for it (with each workspace's
// abilities, which a write's answer does not carry).
function showMe(client: QueryClient, me: Me) {
  client.setQueryData(sessionKeys.me, me);
  void client.invalidateQueries({ queryKey: sessionKeys.me });
}

// Someone is signed in now: nothing cached for the previous visitor survives.
async function startSession(client: QueryClient, me: Me) {
  client.clear();
  client.setQueryData(sessionKeys.setup, { needs_setup: false });
  showMe(client, me);
  if (me.language === "en" || me.language === "ru") await setLanguage(me.language);
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; password: string }) => api.post<Me, typeof LoginBody>("/auth/login", input),
    meta: { silent: true },
    onSuccess: (me) => startSession(client, me),
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post("/auth/logout"),
    meta: { silent: true },
    onSettled: () => client.clear(),
  });
}

// The first run: the workspace and its admin (or the demo), then straight in.
export function useSetup() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: BodyOf<typeof SetupBody>) => api.post<Me, typeof SetupBody>("/setup", input),
    meta: { silent: true },
    onSuccess: (me) => {
      client.setQueryData(sessionKeys.setup, { needs_setup: false });
      showMe(client, me);
    },
  });
}

export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (email: string) =>
      api.post<unknown, typeof PasswordResetRequestBody>("/auth/password_reset", { email }),
    meta: { silent: true },
  });
}

// A new password from a reset link, then straight in (every other session has ended).
export function useResetPassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { token: string; password: string }) =>
      api.post<Me, typeof PasswordResetConfirmBody>("/auth/password_reset/confirm", input),
    meta: { silent: true },
    onSuccess: (me) => startSession(client, me),
  });
}

export function useChangePassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { current_password: string; new_password: string }) =>
      api.put<Me, typeof ChangePasswordBody>("/users/me/password", input),
    meta: { silent: true },
    onSuccess: (me) => {
      if (me) showMe(client, me);
    },
  });
}

export function useAcceptInvitation(token: string) {
  return useMutation({
    mutationFn: (input: BodyOf<typeof AcceptInvitationBody>) =>
      api.post<unknown, typeof AcceptInvitationBody>(`/invitations/accept/${encodeURIComponent(token)}`, input),
    meta: { silent: true },
  });
}
