import { Center, Loader } from "@mantine/core";
import { type ReactNode, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation } from "react-router";
import { useRealtime } from "../api/realtime";
import { useMe, useSetupStatus } from "../features/auth/queries";
import { setLanguage } from "../i18n";
import { WorkspaceProvider } from "./workspace";

// Sends a visitor to setup (empty database) or sign-in (no session); otherwise renders the app and goes live.
export function AuthGate({ children }: { children: ReactNode }) {
  const setup = useSetupStatus();
  const me = useMe();
  const location = useLocation();
  const { i18n } = useTranslation();
  useRealtime(!!me.data);

  useEffect(() => {
    const language = me.data?.language;
    if ((language === "en" || language === "ru") && language !== i18n.language) setLanguage(language);
  }, [me.data?.language, i18n.language]);

  if (setup.isPending || me.isPending) {
    return (
      <Center h="100vh">
        <Loader type="dots" />
      </Center>
    );
  }
  if (setup.data?.needs_setup) return <Navigate to="/setup" replace />;
  if (!me.data) {
    const next = location.pathname + location.search;
    return <Navigate to={next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <WorkspaceProvider me={me.data}>{children}</WorkspaceProvider>;
}
