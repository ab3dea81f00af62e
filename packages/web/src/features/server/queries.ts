import type * as C from "@takt/contracts";
import { useMutation, useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";

export const serverKeys = { email: ["admin", "email"] as const };

// Whether this server sends email; asked only by server admins (the workspace ability manage_server).
export function useServerEmail(enabled: boolean) {
  return useQuery({
    queryKey: serverKeys.email,
    enabled,
    queryFn: () => api.get<C.ServerEmail>("/admin/email"),
  });
}

export function useSendTestEmail() {
  return useMutation({
    mutationFn: (to: string | undefined) =>
      api.post<C.ServerEmailTest, typeof C.ServerEmailTestBody>("/admin/email/test", to ? { to } : {}),
  });
}
