import type { WorkspacePermissions } from "@takt/contracts";
import { createContext, type ReactNode, useContext, useMemo, useState } from "react";
import type { Me, Workspace } from "../api/types";

interface WorkspaceState {
  me: Me;
  workspace: Workspace | null;
  // What the caller may do in this workspace, as the server says; null until it has said (nothing is offered yet).
  abilities: WorkspacePermissions | null;
  setWorkspace(gid: string): void;
}

const WorkspaceContext = createContext<WorkspaceState | null>(null);

export function WorkspaceProvider({ me, children }: { me: Me; children: ReactNode }) {
  const [chosen, setChosen] = useState(() => localStorage.getItem("takt.workspace"));
  const workspace = me.workspaces.find((item) => item.gid === chosen) ?? me.workspaces[0] ?? null;
  const abilities = workspace?.permissions ?? null;
  const value = useMemo<WorkspaceState>(
    () => ({
      me,
      workspace,
      abilities,
      setWorkspace(gid: string) {
        localStorage.setItem("takt.workspace", gid);
        setChosen(gid);
      },
    }),
    [me, workspace, abilities],
  );
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

export function useWorkspace(): WorkspaceState {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error("useWorkspace outside WorkspaceProvider");
  return value;
}
