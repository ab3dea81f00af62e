import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { notifyError } from "../components/notify";
import i18n from "../i18n";
import { ApiError, isMissing } from "./client";

declare module "@tanstack/react-query" {
  interface Register {
    queryMeta: {
      // The page says it itself (an error state of its own): no notification.
      silent?: boolean;
    };
    mutationMeta: {
      silent?: boolean;
      // An optimistic change that was put back: the notification says so.
      undone?: boolean;
    };
  }
}

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        // A refusal (4xx) is an answer, not a hiccup: asking again would only delay the page that explains it.
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
      },
    },
    // A failed read tells the person once, in words, unless it is something that is not there or not shared with
    // them (403/404): the page shows that itself, as one calm "not found" instead of a notification per request.
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (query.meta?.silent || isMissing(error)) return;
        if (error instanceof ApiError && error.status === 401) return;
        notifyError(error);
      },
    }),
    // A failed write always tells the person; an optimistic one also says that it was undone.
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (mutation.meta?.silent) return;
        notifyError(error, mutation.meta?.undone ? i18n.t("errors.undone") : undefined);
      },
    }),
  });
}
