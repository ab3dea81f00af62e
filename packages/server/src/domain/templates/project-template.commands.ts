import type { ProjectsTable, ProjectTemplatesTable, TasksTable } from "../../db/schema.ts";
import { newGid } from "../../ids.ts";
import { type Actor, type Ctx, flag, type Tx, transact } from "../context.ts";
import { keysAfter } from "../ordering.ts";
import { insertTask, taskEvent } from "../tasks/task.commands.ts";
import {
  allTasks,
  mapSections,
  type ProjectTemplateContent,
  parseContent,
  type TemplateForm,
  type TemplateRole,
  type TemplateTask,
} from "./project-template.content.ts";
import { daysBetween, relativeDate } from "./template.dates.ts";
import { memberOrNull, treeFields } from "./template.tree.ts";

export interface InstantiateInput {
  name: string;
  workspaceGid: number;
  teamGid: number | null;
  isPublic: boolean;
  startDate: string;
  // role gid → user gid (already checked to be members of the workspace).
  roles: Map<string, number>;
}

async function insertRuleRow(tx: Tx, project: ProjectsTable, actor: Actor, rule: ProjectTemplateContent["rules"][0]) {
  await tx.trx
    .insertInto("rules")
    .values({
      gid: newGid(),
      workspace_gid: project.workspace_gid,
      project_gid: project.gid,
      trigger_gid: newGid(),
      name: rule.name,
      enabled: flag(rule.enabled),
      trigger: JSON.stringify(rule.trigger),
      conditions: JSON.stringify(rule.conditions),
      actions: JSON.stringify(rule.actions),
      created_by_gid: actor.gid,
      paused_reason: null,
      created_at: tx.now,
      modified_at: tx.now,
    })
    .execute();
}

// A role nobody holds (not chosen, its saved person gone from the workspace) leaves the task unassigned, and
// the task says so in its activity.
async function noteUnfilledRole(tx: Tx, task: TasksTable, roleName: string) {
  const text = `Created from a template unassigned: nobody was given the role "${roleName}".`;
  await tx.emit({
    workspace_gid: task.workspace_gid,
    resource_type: "story",
    resource_gid: newGid(),
    resource_subtype: "template_role_unfilled",
    parent_type: "task",
    parent_gid: task.gid,
    action: "added",
    change: { story: { type: "system", resource_subtype: "template_role_unfilled", text, created_by: null } },
  });
}

// The template's workspace fields that still exist go on the new project, in the saved order.
async function addTemplateFieldSettings(
  tx: Tx,
  project: ProjectsTable,
  settings: NonNullable<ProjectTemplateContent["custom_field_settings"]>,
) {
  const wanted = settings.map((setting) => Number(setting.custom_field_gid));
  if (wanted.length === 0) return;
  const existing = new Set(
    (
      await tx.trx
        .selectFrom("custom_fields")
        .select("gid")
        .where("gid", "in", wanted)
        .where("workspace_gid", "=", project.workspace_gid)
        .where("project_gid", "is", null)
        .execute()
    ).map((field) => field.gid),
  );
  const kept = settings.filter((setting) => existing.has(Number(setting.custom_field_gid)));
  const keys = keysAfter(null, kept.length);
  for (const [index, setting] of kept.entries()) {
    await tx.trx
      .insertInto("custom_field_settings")
      .values({
        gid: newGid(),
        project_gid: project.gid,
        custom_field_gid: Number(setting.custom_field_gid),
        is_important: flag(setting.is_important),
        order_key: keys[index],
        created_at: tx.now,
      })
      .execute();
    await tx.emit({
      workspace_gid: project.workspace_gid,
      resource_type: "custom_field",
      resource_gid: Number(setting.custom_field_gid),
      parent_type: "project",
      parent_gid: project.gid,
      action: "added",
    });
  }
}

// The template's forms go on the new project with new gids (so new public links), aimed at the section of the
// same name when there is one.
async function addTemplateForms(
  tx: Tx,
  project: ProjectsTable,
  actor: Actor,
  forms: TemplateForm[],
  sections: { gid: number; name: string }[],
) {
  for (const form of forms) {
    const gid = newGid();
    const section = form.target_section === null ? null : sections.find((item) => item.name === form.target_section);
    await tx.trx
      .insertInto("forms")
      .values({
        gid,
        workspace_gid: project.workspace_gid,
        project_gid: project.gid,
        owner_gid: actor.gid,
        title: form.title,
        description: form.description,
        fields: JSON.stringify(form.fields),
        target_section_gid: section?.gid ?? null,
        access: form.access,
        allow_attachments: flag(form.allow_attachments),
        active: flag(form.active),
        created_at: tx.now,
        modified_at: tx.now,
      })
      .execute();
    await tx.emit({
      workspace_gid: project.workspace_gid,
      resource_type: "form",
      resource_gid: gid,
      parent_type: "project",
      parent_gid: project.gid,
      action: "added",
    });
  }
}

// Everything in one transaction: a failure leaves no half-made project behind.
export async function instantiateProject(
  ctx: Ctx & { actor: Actor },
  template: ProjectTemplatesTable,
  input: InstantiateInput,
): Promise<ProjectsTable> {
  const content = parseContent(template.content);
  const actor = ctx.actor;
  return transact(ctx, async (tx) => {
    const project: ProjectsTable = {
      gid: newGid(),
      workspace_gid: input.workspaceGid,
      team_gid: input.teamGid,
      owner_gid: actor.gid,
      name: input.name,
      notes: template.description,
      html_notes: template.description ? `<body>${template.description.replace(/[<>&]/g, "")}</body>` : "<body></body>",
      color: template.color,
      default_view: content.default_view ?? "list",
      privacy_setting: input.isPublic ? "public_to_workspace" : "private",
      archived: 0,
      due_on: null,
      start_on: input.startDate,
      created_at: tx.now,
      modified_at: tx.now,
    };
    await tx.trx.insertInto("projects").values(project).execute();
    await tx.emit({
      workspace_gid: project.workspace_gid,
      resource_type: "project",
      resource_gid: project.gid,
      parent_type: project.team_gid ? "team" : "workspace",
      parent_gid: project.team_gid ?? project.workspace_gid,
      action: "added",
    });
    // The instantiating person administers the project; people given roles may edit it.
    const roleUsers = new Map<string, number | null>();
    for (const role of content.roles) {
      const chosen =
        input.roles.get(role.gid) ?? (await memberOrNull(tx, project.workspace_gid, role.default_user_gid));
      roleUsers.set(role.gid, chosen ?? null);
    }
    const roleNames = new Map(content.roles.map((role) => [role.gid, role.name]));
    const members = new Map<number, "admin" | "editor">([[actor.gid, "admin"]]);
    for (const userGid of roleUsers.values()) if (userGid && !members.has(userGid)) members.set(userGid, "editor");
    for (const [userGid, level] of members) {
      await tx.trx
        .insertInto("project_memberships")
        .values({ gid: newGid(), project_gid: project.gid, user_gid: userGid, access_level: level, created_at: tx.now })
        .execute();
      await tx.emit({
        workspace_gid: project.workspace_gid,
        resource_type: "project",
        resource_gid: project.gid,
        action: "changed",
        change: { field: "members", action: "added", added_value: { gid: String(userGid), resource_type: "user" } },
      });
    }
    const sectionNames = content.sections.length ? content.sections : [{ name: "Untitled section" }];
    const keys = keysAfter(null, sectionNames.length);
    const sectionGids: number[] = [];
    for (const [index, section] of sectionNames.entries()) {
      const gid = newGid();
      sectionGids.push(gid);
      await tx.trx
        .insertInto("sections")
        .values({
          gid,
          project_gid: project.gid,
          name: section.name,
          order_key: keys[index],
          created_at: tx.now,
          marks_complete: section.marks_complete ? 1 : 0,
        })
        .execute();
      await tx.emit({
        workspace_gid: project.workspace_gid,
        resource_type: "section",
        resource_gid: gid,
        parent_type: "project",
        parent_gid: project.gid,
        action: "added",
      });
    }
    await addTemplateFieldSettings(tx, project, content.custom_field_settings ?? []);
    await addTemplateForms(
      tx,
      project,
      actor,
      content.forms ?? [],
      sectionNames.map((section, index) => ({ gid: sectionGids[index], name: section.name })),
    );
    const created = new Map<number, TasksTable>();
    const dateOf = (offset: number | null) =>
      offset === null ? null : relativeDate(input.startDate, offset, content.skip_weekends);
    const place = async (task: TemplateTask, parent: TasksTable | null) => {
      const row = await insertTask(tx, actor, {
        workspaceGid: project.workspace_gid,
        fields: {
          name: task.name,
          notes: task.notes,
          html_notes: task.html_notes,
          resource_subtype: task.resource_subtype,
          assignee_gid: task.role ? (roleUsers.get(task.role) ?? null) : null,
          due_on: dateOf(task.due_offset),
          due_at: null,
          start_on: task.due_offset !== null ? dateOf(task.start_offset) : null,
          completed: 0,
        },
        parent,
        placements: parent
          ? []
          : [
              {
                projectGid: project.gid,
                sectionGid: sectionGids[task.section ?? 0] ?? sectionGids[0],
                slot: { at: "end" },
              },
            ],
        followerGids: [],
      });
      created.set(task.key, row);
      if (task.role && !roleUsers.get(task.role)) await noteUnfilledRole(tx, row, roleNames.get(task.role) ?? "?");
      for (const subtask of task.subtasks) await place(subtask, row);
    };
    for (const task of content.tasks) await place(task, null);
    for (const task of allTasks(content.tasks)) {
      const waiting = created.get(task.key);
      if (!waiting) continue;
      for (const key of task.depends_on) {
        const blocking = created.get(key);
        if (!blocking) continue;
        await tx.trx
          .insertInto("task_dependencies")
          .values({ task_gid: waiting.gid, depends_on_gid: blocking.gid })
          .execute();
        await tx.emit(
          taskEvent(waiting, {
            action: "changed",
            change: {
              field: "dependencies",
              action: "added",
              added_value: { gid: String(blocking.gid), resource_type: "task" },
            },
          }),
        );
      }
    }
    for (const rule of content.rules) {
      const mapped = mapSections(rule, (value) => {
        const match = /^\$section:(\d+)$/.exec(value);
        return match ? String(sectionGids[Number(match[1])] ?? value) : null;
      }) as typeof rule;
      await insertRuleRow(tx, project, actor, mapped);
    }
    return project;
  });
}

// Reads a project into a template: sections, tasks with subtasks, assignees as roles, dates relative to the
// project's start (or its earliest date), dependencies inside the project, and its rules.
export async function saveProjectAsTemplate(
  ctx: Ctx & { actor: Actor },
  project: ProjectsTable,
  input: { name: string; workspaceGid: number; teamGid: number | null; isPublic: boolean },
): Promise<ProjectTemplatesTable> {
  return transact(ctx, async (tx) => {
    const sections = await tx.trx
      .selectFrom("sections")
      .select(["gid", "name", "marks_complete"])
      .where("project_gid", "=", project.gid)
      .orderBy("order_key")
      .orderBy("gid")
      .execute();
    const sectionIndex = new Map(sections.map((section, index) => [section.gid, index]));
    const topLevel = await tx.trx
      .selectFrom("task_memberships as tm")
      .innerJoin("tasks", "tasks.gid", "tm.task_gid")
      .selectAll("tasks")
      .select("tm.section_gid")
      .where("tm.project_gid", "=", project.gid)
      .where("tasks.parent_gid", "is", null)
      .orderBy("tm.section_gid")
      .orderBy("tm.order_key")
      .execute();
    topLevel.sort((a, b) => (sectionIndex.get(a.section_gid) ?? 0) - (sectionIndex.get(b.section_gid) ?? 0));
    const everyDate = topLevel.flatMap((task) => [task.start_on, task.due_on]).filter((day): day is string => !!day);
    const base = project.start_on ?? everyDate.sort()[0] ?? tx.now.slice(0, 10);
    const roles = new Map<number, TemplateRole>();
    const users = new Map(
      (await tx.trx.selectFrom("users").select(["gid", "name"]).execute()).map((user) => [user.gid, user.name]),
    );
    const roleOf = (userGid: number | null) => {
      if (!userGid) return null;
      let role = roles.get(userGid);
      if (!role) {
        role = { gid: String(newGid()), name: users.get(userGid) ?? "Assignee", default_user_gid: userGid };
        roles.set(userGid, role);
      }
      return role.gid;
    };
    let nextKey = 1;
    const keyOfTask = new Map<number, number>();
    const convert = async (task: TasksTable, section: number | null, depth: number): Promise<TemplateTask> => {
      const key = nextKey++;
      keyOfTask.set(task.gid, key);
      const fields = treeFields(task);
      const children =
        depth < 5
          ? await tx.trx
              .selectFrom("tasks")
              .selectAll()
              .where("parent_gid", "=", task.gid)
              .orderBy("subtask_order_key")
              .orderBy("gid")
              .execute()
          : [];
      const subtasks: TemplateTask[] = [];
      for (const child of children) subtasks.push(await convert(child, null, depth + 1));
      return {
        key,
        name: fields.name,
        notes: fields.notes,
        html_notes: fields.html_notes,
        resource_subtype: fields.resource_subtype,
        section,
        role: roleOf(task.assignee_gid),
        due_offset: task.due_on ? daysBetween(base, task.due_on) : null,
        start_offset: task.start_on && task.due_on ? daysBetween(base, task.start_on) : null,
        depends_on: [],
        subtasks,
      };
    };
    const tasks: TemplateTask[] = [];
    for (const task of topLevel) tasks.push(await convert(task, sectionIndex.get(task.section_gid) ?? 0, 0));
    const gids = [...keyOfTask.keys()];
    const edges = gids.length
      ? await tx.trx.selectFrom("task_dependencies").selectAll().where("task_gid", "in", gids).execute()
      : [];
    for (const task of allTasks(tasks)) {
      const gid = [...keyOfTask].find(([, key]) => key === task.key)?.[0];
      task.depends_on = edges
        .filter((edge) => edge.task_gid === gid && keyOfTask.has(edge.depends_on_gid))
        .map((edge) => keyOfTask.get(edge.depends_on_gid) as number);
    }
    const rules = await tx.trx.selectFrom("rules").selectAll().where("project_gid", "=", project.gid).execute();
    // Project-local fields belong to their project: only workspace fields are carried over.
    const fieldSettings = await tx.trx
      .selectFrom("custom_field_settings as cfs")
      .innerJoin("custom_fields as cf", "cf.gid", "cfs.custom_field_gid")
      .select(["cfs.custom_field_gid", "cfs.is_important"])
      .where("cfs.project_gid", "=", project.gid)
      .where("cf.project_gid", "is", null)
      .orderBy("cfs.order_key")
      .orderBy("cfs.gid")
      .execute();
    const forms = await tx.trx
      .selectFrom("forms")
      .selectAll()
      .where("project_gid", "=", project.gid)
      .orderBy("created_at")
      .orderBy("gid")
      .execute();
    const sectionName = new Map(sections.map((section) => [section.gid, section.name]));
    const content: ProjectTemplateContent = {
      skip_weekends: false,
      start_date_gid: "1",
      default_view: project.default_view,
      roles: [...roles.values()],
      sections: sections.map((section) => ({
        name: section.name,
        ...(section.marks_complete === 1 ? { marks_complete: true } : {}),
      })),
      tasks,
      custom_field_settings: fieldSettings.map((setting) => ({
        custom_field_gid: String(setting.custom_field_gid),
        is_important: setting.is_important === 1,
      })),
      forms: forms.map((form) => ({
        title: form.title,
        description: form.description,
        fields: JSON.parse(form.fields) as unknown[],
        access: form.access,
        allow_attachments: form.allow_attachments === 1,
        active: form.active === 1,
        target_section: form.target_section_gid ? (sectionName.get(form.target_section_gid) ?? null) : null,
      })),
      rules: rules.map(
        (rule) =>
          mapSections(
            {
              name: rule.name,
              enabled: rule.enabled === 1,
              trigger: JSON.parse(rule.trigger),
              conditions: JSON.parse(rule.conditions),
              actions: JSON.parse(rule.actions),
            },
            (value) => (sectionIndex.has(Number(value)) ? `$section:${sectionIndex.get(Number(value))}` : null),
          ) as ProjectTemplateContent["rules"][0],
      ),
    };
    const template: ProjectTemplatesTable = {
      gid: newGid(),
      workspace_gid: input.workspaceGid,
      team_gid: input.teamGid,
      owner_gid: ctx.actor.gid,
      name: input.name,
      description: project.notes,
      color: project.color,
      public: flag(input.isPublic),
      content: JSON.stringify(content),
      created_at: tx.now,
    };
    await tx.trx.insertInto("project_templates").values(template).execute();
    return template;
  });
}

// Templates written by code (the demo's gallery): content given directly.
export async function createProjectTemplate(
  ctx: Ctx & { actor: Actor },
  input: Omit<ProjectTemplatesTable, "gid" | "created_at" | "content"> & { content: ProjectTemplateContent },
): Promise<ProjectTemplatesTable> {
  return transact(ctx, async (tx) => {
    const template: ProjectTemplatesTable = {
      ...input,
      gid: newGid(),
      content: JSON.stringify(input.content),
      created_at: tx.now,
    };
    await tx.trx.insertInto("project_templates").values(template).execute();
    return template;
  });
}

export async function deleteProjectTemplate(ctx: Ctx, template: ProjectTemplatesTable): Promise<void> {
  await transact(ctx, async (tx) => {
    await tx.trx.deleteFrom("project_templates").where("gid", "=", template.gid).execute();
  });
}
