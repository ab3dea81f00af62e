import { AppShell, Burger } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useDeferredValue } from "react";
import { useTranslation } from "react-i18next";
import { Outlet } from "react-router";
import { LiveAnnouncer } from "../components/LiveAnnouncer";
import { Sidebar } from "./Sidebar";
import { TopBar } from "./TopBar";

export function Shell() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  // The page comes first: the top bar's and the sidebar's contents (and their requests) render right after it, in a
  // render that the page's own data interrupts, so a board opened by its address draws its cards before the menus.
  const framed = useDeferredValue(true, false);
  return (
    <>
      {/* The first stop of the Tab key: past the top bar and the sidebar, straight to the page. */}
      <a href="#main" className="takt-skip-link" data-testid="skip-to-content">
        {t("a11y.skipToContent")}
      </a>
      <LiveAnnouncer />
      <AppShell
        header={{ height: 52 }}
        navbar={{ width: 264, breakpoint: "sm", collapsed: { mobile: !opened } }}
        padding={0}
      >
        <AppShell.Header withBorder>
          {framed && <TopBar burger={<Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" />} />}
        </AppShell.Header>
        <AppShell.Navbar bg="gray.0">{framed && <Sidebar onNavigate={close} />}</AppShell.Navbar>
        <AppShell.Main
          id="main"
          tabIndex={-1}
          h="100dvh"
          style={{ display: "flex", flexDirection: "column", outline: "none" }}
        >
          <Outlet />
        </AppShell.Main>
      </AppShell>
    </>
  );
}
