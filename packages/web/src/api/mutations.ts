import { type MutationOptions, type QueryClient, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";

/**
 * A write made from the rows of long lists: the same mutation as useMutation (its callbacks, its meta, the cache's
 * error notice), run without an observer, so a thousand rows do not each subscribe to the mutation cache.
 * `options` must be a module-level function (it is read once per query client). The returned `mutate` keeps its
 * identity; its promise resolves with the answer, or undefined when refused (the person has been told).
 */
export function useRowMutation<TVariables, TData = unknown, TContext = unknown>(
  options: (client: QueryClient) => MutationOptions<TData, Error, TVariables, TContext>,
) {
  const client = useQueryClient();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `options` is a module-level factory
  return useMemo(() => {
    const built = options(client);
    return {
      mutate: (variables: TVariables): Promise<TData | undefined> =>
        client
          .getMutationCache()
          .build(client, built)
          .execute(variables)
          .catch(() => undefined),
    };
  }, [client]);
}
