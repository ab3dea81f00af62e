import { type QueryClient, useQuery } from "@tanstack/react-query";
import { ApiError, api } from "../../api/client";
import type { Me } from "../../api/types";
import { ME_READ, SETUP_READ } from "./session-reads";

// The session: whether the server still needs its first setup, and who is signed in (null: nobody).
export const sessionKeys = {
  me: ["me"] as const,
  setup: ["setup"] as const,
};

const setupQuery = {
  queryKey: sessionKeys.setup,
  queryFn: () => api.get<{ needs_setup: boolean; email_configured?: boolean }>(SETUP_READ.path),
  staleTime: Number.POSITIVE_INFINITY,
};

export function useSetupStatus() {
  return useQuery(setupQuery);
}

const meQuery = {
  queryKey: sessionKeys.me,
  queryFn: async (): Promise<Me | null> => {
    try {
      return await api.get<Me>(ME_READ.path, ME_READ.query);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  staleTime: 60_000,
};

export function useMe() {
  return useQuery(meQuery);
}

// The session check starts with the app's code, not after the first render (see App.tsx).
export function prefetchSession(client: QueryClient) {
  void client.prefetchQuery(setupQuery);
  void client.prefetchQuery(meQuery);
}
