import type { AccessLevel } from "../../db/schema.ts";
import type { PersonRow } from "./people.queries.ts";

export interface PersonEntry {
  person: PersonRow;
  teams: { gid: number; name: string }[];
  projects: { gid: number; name: string; access_level: AccessLevel }[];
  openTasks: number;
}

export function presentPerson(entry: PersonEntry) {
  const { person } = entry;
  return {
    gid: String(person.gid),
    resource_type: "workspace_person" as const,
    user: { gid: String(person.gid), resource_type: "user" as const, name: person.name, email: person.email },
    role: person.role,
    status: person.status,
    teams: entry.teams.map((team) => ({ gid: String(team.gid), resource_type: "team" as const, name: team.name })),
    projects: entry.projects.map((project) => ({
      gid: String(project.gid),
      resource_type: "project" as const,
      name: project.name,
      access_level: project.access_level,
    })),
    open_tasks: entry.openTasks,
    deactivated_at: person.deactivated_at,
  };
}
