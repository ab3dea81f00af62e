import { AppShell, Burger } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Outlet } from "react-router";
import { Sidebar } from "./Sidebar";
import { TopBar } from "./TopBar";

export function Shell() {
  const [opened, { toggle, close }] = useDisclosure(false);
  return (
    <AppShell
      header={{ height: 52 }}
      navbar={{ width: 264, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding={0}
    >
      <AppShell.Header withBorder>
        <TopBar burger={<Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" />} />
      </AppShell.Header>
      <AppShell.Navbar bg="gray.0">
        <Sidebar onNavigate={close} />
      </AppShell.Navbar>
      <AppShell.Main h="100dvh" style={{ display: "flex", flexDirection: "column" }}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
