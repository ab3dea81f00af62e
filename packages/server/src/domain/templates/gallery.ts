import type { Actor, Ctx } from "../context.ts";
import { createProjectTemplate } from "./project-template.commands.ts";
import type { ProjectTemplateContent, TemplateTask } from "./project-template.content.ts";

// The templates every new workspace's gallery can offer (the demo loads them).
let key = 0;
function task(
  name: string,
  section: number | null,
  role: string | null,
  due: number | null,
  extra: Partial<TemplateTask> = {},
): TemplateTask {
  key += 1;
  return {
    key,
    name,
    notes: "",
    html_notes: "<body></body>",
    resource_subtype: "default_task",
    section,
    role,
    due_offset: due,
    start_offset: null,
    depends_on: [],
    subtasks: [],
    ...extra,
  };
}

export const ROLE_CURATOR = "101";
export const ROLE_DESIGNER = "102";

export function clientOnboarding(): ProjectTemplateContent {
  key = 0;
  const kickoff = task("Kick-off call with the client", 0, ROLE_CURATOR, 0, {
    notes: "Agree on goals, contacts and the schedule.",
    html_notes: "<body>Agree on goals, contacts and the schedule.</body>",
  });
  const brief = task("Collect the brief", 0, ROLE_CURATOR, 2, {
    depends_on: [kickoff.key],
    subtasks: [
      task("Brand assets and logins", null, ROLE_CURATOR, 1),
      task("Competitors and references", null, null, 2),
    ],
  });
  const concept = task("Design concept", 1, ROLE_DESIGNER, 5, { depends_on: [brief.key] });
  const review = task("Client review of the concept", 2, ROLE_CURATOR, 7, { depends_on: [concept.key] });
  return {
    skip_weekends: true,
    start_date_gid: "1",
    roles: [
      { gid: ROLE_CURATOR, name: "Curator", default_user_gid: null },
      { gid: ROLE_DESIGNER, name: "Designer", default_user_gid: null },
    ],
    sections: [{ name: "Onboarding" }, { name: "In work" }, { name: "QA" }, { name: "Done" }],
    tasks: [kickoff, brief, concept, review],
    rules: [
      {
        name: "Completed → Done",
        enabled: true,
        trigger: { type: "task_completed" },
        conditions: [],
        actions: [{ type: "move_to_section", section: "$section:3" }],
      },
    ],
  };
}

export function scrumTeam(): ProjectTemplateContent {
  key = 0;
  return {
    skip_weekends: true,
    start_date_gid: "1",
    roles: [{ gid: "201", name: "Scrum master", default_user_gid: null }],
    sections: [{ name: "Backlog" }, { name: "Sprint" }, { name: "In progress" }, { name: "Review" }, { name: "Done" }],
    tasks: [
      task("Sprint planning", 1, "201", 0),
      task("Daily stand-up", 1, "201", 1),
      task("Sprint review", 1, "201", 9),
      task("Retrospective", 1, "201", 9),
    ],
    rules: [
      {
        name: "Completed → Done",
        enabled: true,
        trigger: { type: "task_completed" },
        conditions: [],
        actions: [{ type: "move_to_section", section: "$section:4" }],
      },
    ],
  };
}

// Puts the gallery's templates into a workspace, owned by `actor` (the demo's CEO), public to the workspace.
export async function loadTemplateGallery(
  ctx: Ctx & { actor: Actor },
  workspaceGid: number,
  language: string,
): Promise<void> {
  const ru = language.startsWith("ru");
  const entries = [
    {
      name: ru ? "Онбординг клиента" : "Client onboarding",
      description: ru
        ? "Первые недели нового клиента: знакомство, бриф, концепция, согласование."
        : "A new client's first weeks: kick-off, brief, concept, review.",
      content: clientOnboarding(),
    },
    {
      name: ru ? "Scrum-команда" : "Scrum team",
      description: ru ? "Доска спринта со встречами Scrum." : "A sprint board with the Scrum ceremonies.",
      content: scrumTeam(),
    },
  ];
  for (const entry of entries) {
    await createProjectTemplate(ctx, {
      workspace_gid: workspaceGid,
      team_gid: null,
      owner_gid: ctx.actor.gid,
      name: entry.name,
      description: entry.description,
      color: null,
      public: 1,
      content: entry.content,
    });
  }
}
