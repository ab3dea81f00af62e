import { createContext, type ReactNode, useContext, useMemo, useState } from "react";
import type { Me, Workspace } from "../api/types";

interface WorkspaceState {
  me: Me;
  workspace: Workspace | null;
  setWorkspace(gid: string): void;
}

const WorkspaceContext = createContext<WorkspaceState | null>(null);

export function WorkspaceProvider({ me, children }: { me: Me; children: ReactNode }) {
  const [chosen, setChosen] = useState(() => localStorage.getItem("takt.workspace"));
  const value = useMemo<WorkspaceState>(() => {
    const workspace = me.workspaces.find((item) => item.gid === chosen) ?? me.workspaces[0] ?? null;
    return {
      me,
      workspace,
      setWorkspace(gid: string) {
        localStorage.setItem("takt.workspace", gid);
        setChosen(gid);
      },
    };
  }, [me, chosen]);
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

export function useWorkspace(): WorkspaceState {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error("useWorkspace outside WorkspaceProvider");
  return value;
}
