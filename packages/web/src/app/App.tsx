import { MantineProvider, mergeThemeOverrides } from "@mantine/core";
import { DatesProvider } from "@mantine/dates";
import { Notifications } from "@mantine/notifications";
import { QueryClientProvider } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { RouterProvider } from "react-router";
import { createQueryClient } from "../api/query-client";
import { prefetchSession } from "../features/auth/queries";
import { prefetchProjectPage } from "../features/projects/queries";
import { NewVersionBanner } from "./NewVersionBanner";
import { router } from "./router";
import { cssVariablesResolver, theme } from "./theme";
import { checkForNewVersion } from "./version";

const queryClient = createQueryClient();

prefetchSession(queryClient);
// Straight to a project (a link, a reload): its data (already asked for by boot.ts, which also loads the page's code)
// goes into the cache while the session is checked.
const opening = /^\/projects\/(\d+)/.exec(window.location.pathname);
if (opening) prefetchProjectPage(queryClient, opening[1]);

// Moving between pages asks whether the server has a newer build (at most once a minute).
router.subscribe((state) => {
  if (state.navigation.state === "idle") void checkForNewVersion();
});

function Providers() {
  const { i18n } = useTranslation();
  return (
    <DatesProvider settings={{ locale: i18n.language, firstDayOfWeek: i18n.language === "ru" ? 1 : 0 }}>
      <RouterProvider router={router} />
      <NewVersionBanner />
    </DatesProvider>
  );
}

// Mantine's own icon buttons are named in the person's language: the close button of every modal, drawer and toast,
// a calendar's arrows, the description editor's toolbar.
function ThemedApp() {
  const { t } = useTranslation();
  const named = useMemo(() => {
    const calendar = {
      defaultProps: {
        ariaLabels: {
          previousMonth: t("a11y.calendar.previousMonth"),
          nextMonth: t("a11y.calendar.nextMonth"),
          previousYear: t("a11y.calendar.previousYear"),
          nextYear: t("a11y.calendar.nextYear"),
          previousDecade: t("a11y.calendar.previousDecade"),
          nextDecade: t("a11y.calendar.nextDecade"),
        },
      },
    };
    const editor = (key: string) => t(`a11y.editor.${key}`);
    return mergeThemeOverrides(theme, {
      components: {
        CloseButton: { defaultProps: { "aria-label": t("common.close") } },
        Calendar: calendar,
        DatePicker: calendar,
        DatePickerInput: calendar,
        DateInput: calendar,
        RichTextEditor: {
          defaultProps: {
            labels: {
              boldControlLabel: editor("bold"),
              italicControlLabel: editor("italic"),
              strikeControlLabel: editor("strike"),
              codeControlLabel: editor("code"),
              h2ControlLabel: editor("heading"),
              bulletListControlLabel: editor("bulletList"),
              orderedListControlLabel: editor("orderedList"),
              blockquoteControlLabel: editor("quote"),
              linkControlLabel: editor("link"),
              unlinkControlLabel: editor("unlink"),
              linkEditorInputLabel: editor("linkAddress"),
              linkEditorInputPlaceholder: "https://example.com/",
              linkEditorExternalLink: editor("newTab"),
              linkEditorInternalLink: editor("sameTab"),
              linkEditorSave: editor("save"),
            },
          },
        },
      },
    });
  }, [t]);
  return (
    <MantineProvider theme={named} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      {/* Toasts land in a polite live region that is always on the page, so a screen reader reads each as it
          appears (an error toast is itself an alert, a success a status). */}
      <Notifications position="bottom-right" limit={4} aria-live="polite" />
      <QueryClientProvider client={queryClient}>
        <Providers />
      </QueryClientProvider>
    </MantineProvider>
  );
}

export function App() {
  return <ThemedApp />;
}
