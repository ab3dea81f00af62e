import { createContext, type ReactNode, useContext } from "react";
import type { FieldSetting } from "./types";

interface ProjectFields {
  projectGid: string;
  settings: FieldSetting[];
  // The caller may add fields to the project and change their settings.
  canManage: boolean;
  addField(): void;
  // Whether a task of this project is completed (undefined when it is not loaded here).
  completedOf(gid: string): boolean | undefined;
}

const Context = createContext<ProjectFields>({
  projectGid: "",
  settings: [],
  canManage: false,
  addField: () => {},
  completedOf: () => undefined,
});

// The project's fields, for the List columns and Board chips without threading them through every row.
export function ProjectFieldsProvider({ value, children }: { value: ProjectFields; children: ReactNode }) {
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useProjectFields(): ProjectFields {
  return useContext(Context);
}
