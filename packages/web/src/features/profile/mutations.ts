import type { AccessTokenBody, UpdateUserBody } from "@takt/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type BodyOf } from "../../api/client";
import type { AccessToken, EmailNotifications, Me } from "../../api/types";
import { type Language, setLanguage } from "../../i18n";
import { sessionKeys } from "../auth/queries";
import { tokenKeys } from "./queries";

// The signed-in person's own settings: shown at once in the cached session, put back if refused.
function useMeWrite<TValue>(body: (value: TValue) => BodyOf<typeof UpdateUserBody>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (value: TValue) => api.put<Me, typeof UpdateUserBody>("/users/me", body(value)),
    onMutate: (value) => {
      const previous = client.getQueryData<Me | null>(sessionKeys.me);
      client.setQueryData<Me | null>(sessionKeys.me, (current) => (current ? { ...current, ...body(value) } : current));
      return { previous };
    },
    onError: (_error, _value, context) => client.setQueryData(sessionKeys.me, context?.previous),
  });
}

export function useRename() {
  return useMeWrite((name: string) => ({ name }));
}

export function useSetEmailNotifications() {
  return useMeWrite((email_notifications: EmailNotifications) => ({ email_notifications }));
}

// The app speaks the language at once; the account keeps it for the next sign-in.
export function useChangeLanguage() {
  const write = useMeWrite((language: Language) => ({ language }));
  return {
    ...write,
    mutate: (language: Language) => {
      void setLanguage(language);
      write.mutate(language);
    },
  };
}

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.post<AccessToken, typeof AccessTokenBody>("/personal_access_tokens", { name }),
    onSuccess: () => client.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (gid: string) => api.delete(`/personal_access_tokens/${gid}`),
    onSuccess: () => client.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}
