import { MantineProvider } from "@mantine/core";
import { DatesProvider } from "@mantine/dates";
import { Notifications } from "@mantine/notifications";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { RouterProvider } from "react-router";
import { ApiError } from "../api/client";
import { prefetchProjectPage, prefetchSession } from "../api/queries";
import { notifyError } from "../components/notify";
import { router } from "./router";
import { theme } from "./theme";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
  // Every failed request tells the person, once, in words.
  queryCache: new QueryCache({
    onError: (error, query) => {
      if (query.meta?.silent) return;
      if (error instanceof ApiError && error.status === 401) return;
      notifyError(error);
    },
  }),
  mutationCache: new MutationCache({
    onError: (error, _vars, _ctx, mutation) => {
      if (mutation.meta?.silent) return;
      notifyError(error);
    },
  }),
});

prefetchSession(queryClient);
// Straight to a project (a link, a reload): fetch its data and code while the session is checked.
const opening = /^\/projects\/(\d+)/.exec(window.location.pathname);
if (opening) {
  prefetchProjectPage(queryClient, opening[1]);
  void import("../features/projects/ProjectPage");
}

function Providers() {
  const { i18n } = useTranslation();
  return (
    <DatesProvider settings={{ locale: i18n.language, firstDayOfWeek: i18n.language === "ru" ? 1 : 0 }}>
      <RouterProvider router={router} />
    </DatesProvider>
  );
}

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="bottom-right" limit={4} />
      <QueryClientProvider client={queryClient}>
        <Providers />
      </QueryClientProvider>
    </MantineProvider>
  );
}
