import type { Db } from "../../db/index.ts";
import type { ProjectTemplatesTable, TaskTemplatesTable } from "../../db/schema.ts";
import { allTasks, parseContent } from "./project-template.content.ts";
import type { TaskTree } from "./template.tree.ts";

async function names(db: Db, table: "users" | "teams" | "projects", gids: (number | null)[]) {
  const wanted = [...new Set(gids.filter((gid): gid is number => !!gid))];
  if (wanted.length === 0) return new Map<number, string>();
  const rows = await db.selectFrom(table).select(["gid", "name"]).where("gid", "in", wanted).execute();
  return new Map(rows.map((row) => [row.gid, row.name]));
}

export async function presentProjectTemplates(db: Db, rows: ProjectTemplatesTable[]) {
  const users = await names(
    db,
    "users",
    rows.map((row) => row.owner_gid),
  );
  const teams = await names(
    db,
    "teams",
    rows.map((row) => row.team_gid),
  );
  return rows.map((row) => {
    const content = parseContent(row.content);
    return {
      gid: String(row.gid),
      resource_type: "project_template",
      name: row.name,
      description: row.description,
      html_description: `<body>${row.description.replace(/[<>&]/g, "")}</body>`,
      owner: row.owner_gid
        ? { gid: String(row.owner_gid), resource_type: "user", name: users.get(row.owner_gid) ?? "" }
        : null,
      team: row.team_gid
        ? { gid: String(row.team_gid), resource_type: "team", name: teams.get(row.team_gid) ?? "" }
        : null,
      public: row.public === 1,
      color: row.color,
      requested_dates: [
        {
          gid: content.start_date_gid,
          name: "Start date",
          description: content.skip_weekends
            ? "Due dates are counted in working days from this date"
            : "Due dates are counted from this date",
        },
      ],
      requested_roles: content.roles.map((role) => ({
        gid: role.gid,
        resource_type: "template_role",
        name: role.name,
      })),
      // Takt: what the template will create, for a gallery preview.
      skip_weekends: content.skip_weekends,
      sections: content.sections.map((section) => section.name),
      num_tasks: [...allTasks(content.tasks)].length,
      num_rules: content.rules.length,
      created_at: row.created_at,
    };
  });
}

function presentTree(tree: TaskTree, users: Map<number, string>): Record<string, unknown> {
  return {
    name: tree.name,
    description: tree.notes,
    html_description: tree.html_notes,
    resource_subtype: tree.resource_subtype,
    assignee: tree.assignee_gid
      ? { gid: String(tree.assignee_gid), resource_type: "user", name: users.get(tree.assignee_gid) ?? "" }
      : null,
    subtasks: tree.subtasks.map((subtask) => presentTree(subtask, users)),
    custom_fields: [],
  };
}

function treeUsers(tree: TaskTree): number[] {
  return [...(tree.assignee_gid ? [tree.assignee_gid] : []), ...tree.subtasks.flatMap(treeUsers)];
}

export async function presentTaskTemplates(db: Db, rows: TaskTemplatesTable[]) {
  const trees = rows.map((row) => JSON.parse(row.content) as TaskTree);
  const users = await names(db, "users", [...rows.map((row) => row.created_by_gid), ...trees.flatMap(treeUsers)]);
  const projects = await names(
    db,
    "projects",
    rows.map((row) => row.project_gid),
  );
  return rows.map((row, index) => ({
    gid: String(row.gid),
    resource_type: "task_template",
    name: row.name,
    project: { gid: String(row.project_gid), resource_type: "project", name: projects.get(row.project_gid) ?? "" },
    template: presentTree(trees[index], users),
    created_by: row.created_by_gid
      ? { gid: String(row.created_by_gid), resource_type: "user", name: users.get(row.created_by_gid) ?? "" }
      : null,
    created_at: row.created_at,
  }));
}
