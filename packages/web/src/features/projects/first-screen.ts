import { type Query, readEarly } from "../../api/early";
import { TASK_ROW_FIELDS } from "../tasks/fields";
import { PROJECT_FIELDS, SECTION_FIELDS } from "./keys";

// What a project's page reads first, as addresses: the project, its sections and the first page of each section.
// A plain module (no React, no query client), so boot.ts can start these reads before the app's code has run.

export const projectRead = (projectGid: string) => ({
  path: `/projects/${projectGid}`,
  query: { opt_fields: PROJECT_FIELDS } as Query,
});
// The first hundred sections (api.all's first page: the same address, so an early read serves it).
export const sectionsRead = (projectGid: string) => ({
  path: `/projects/${projectGid}/sections`,
  query: { opt_fields: SECTION_FIELDS, limit: 100 } as Query,
});
export const sectionTasksRead = (section: string, limit: number, offset?: string) => ({
  path: `/sections/${section}/tasks`,
  query: { opt_fields: TASK_ROW_FIELDS, limit, offset } as Query,
});

// The first page of each column: what fits on the screen and a few more (a card is 54 px tall or more, a list row
// 36 px; the few more keep the column from asking for its next page before it is scrolled), so the first cards are
// drawn from the smallest answers. The rest comes as the column is scrolled (Board) or in the
// background (the views that show every task).
export function firstPageSize(view: string | null): number {
  const height = typeof window === "undefined" ? 900 : window.innerHeight;
  return view === "board"
    ? Math.min(40, Math.max(10, Math.ceil((height - 180) / 54) + 5))
    : Math.min(60, Math.max(15, Math.ceil((height - 180) / 36) + 2));
}

// Where the view a project opens in is kept (the project page's useLocalStorage: JSON).
export const viewStorageKey = (projectGid: string) => `takt.view.${projectGid}`;

// The view a project opens in, as the page will read it, to size the first page. Like Mantine's reader, a value
// that is not JSON is taken as written.
export function storedView(projectGid: string): string | null {
  let raw: string | null;
  try {
    raw = localStorage.getItem(viewStorageKey(projectGid));
  } catch {
    return null;
  }
  if (!raw) return null;
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw;
  }
}

/**
 * Opening the app on a project's address: the project, its sections and, as soon as the sections are known, the
 * first page of every column are asked for at once, while the app's code is still starting (api/early.ts).
 */
export function readProjectEarly(projectGid: string) {
  const project = projectRead(projectGid);
  readEarly(project.path, project.query);
  const sections = sectionsRead(projectGid);
  const first = firstPageSize(storedView(projectGid));
  readEarly(sections.path, sections.query, (body) => {
    const list = (body as { data?: { gid?: unknown }[] } | null)?.data;
    if (!Array.isArray(list)) return;
    for (const section of list) {
      if (typeof section?.gid !== "string") continue;
      const page = sectionTasksRead(section.gid, first);
      readEarly(page.path, page.query);
    }
  });
}
