import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { AccessToken } from "../../api/types";

export const tokenKeys = { all: ["tokens"] as const };

export function useTokens() {
  return useQuery({ queryKey: tokenKeys.all, queryFn: () => api.get<AccessToken[]>("/personal_access_tokens") });
}
