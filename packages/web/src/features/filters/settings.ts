import { useLocalStorage } from "@mantine/hooks";
import { useCallback, useMemo } from "react";

export type SortKey = "manual" | "due_on" | "created_at" | "name" | `field:${string}`;
export type GroupKey = "section" | "assignee" | "due" | `field:${string}`;

export interface ViewSettings {
  completion: "all" | "incomplete" | "completed";
  assignees: string[];
  due: "any" | "overdue" | "today" | "week" | "set" | "none";
  tags: string[];
  // field gid → option gids, or ["__set"] / ["__unset"]
  fields: Record<string, string[]>;
  sort: SortKey;
  ascending: boolean;
  group: GroupKey;
  columns: "section" | `field:${string}`;
}

export const DEFAULT_SETTINGS: ViewSettings = {
  completion: "all",
  assignees: [],
  due: "any",
  tags: [],
  fields: {},
  sort: "manual",
  ascending: true,
  group: "section",
  columns: "section",
};

export function activeFilterCount(settings: ViewSettings): number {
  return (
    (settings.completion !== "all" ? 1 : 0) +
    (settings.assignees.length ? 1 : 0) +
    (settings.due !== "any" ? 1 : 0) +
    (settings.tags.length ? 1 : 0) +
    Object.values(settings.fields).filter((values) => values.length).length
  );
}

// Each person's last filter/sort/group for each project, kept in this browser.
export function useViewSettings(userGid: string, projectGid: string) {
  const [stored, setStored] = useLocalStorage<Partial<ViewSettings>>({
    key: `takt.view-settings.${userGid}.${projectGid}`,
    defaultValue: {},
    getInitialValueInEffect: false,
  });
  // The same object until the person changes a setting: the filter bar and the views memoised on it skip the renders a
  // live change to the board brings.
  const settings: ViewSettings = useMemo(() => ({ ...DEFAULT_SETTINGS, ...stored }), [stored]);
  const update = useCallback(
    (patch: Partial<ViewSettings>) => setStored((current) => ({ ...DEFAULT_SETTINGS, ...current, ...patch })),
    [setStored],
  );
  const reset = useCallback(() => setStored({}), [setStored]);
  return { settings, update, reset };
}
