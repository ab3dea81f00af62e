import { lockOrderedLists } from "../../db/locks.ts";
import type { ProjectsTable, SectionsTable } from "../../db/schema.ts";
import { badRequest } from "../../errors.ts";
import { newGid } from "../../ids.ts";
import { auditInTx } from "../audit/audit.record.ts";
import { type Ctx, flag, type Tx, transact } from "../context.ts";
import { keyAfter, keyBetween } from "../ordering.ts";

// Where a section goes: right before or after a sibling, or (null) at the end of the project.
export type Placement = { before: SectionsTable } | { after: SectionsTable } | null;

// One fractional key between the neighbours: a move writes only the moved row.
async function keyFor(tx: Tx, projectGid: number, placement: Placement, movingGid: number | null): Promise<string> {
  await lockOrderedLists(tx.trx, "projects", [projectGid]);
  let query = tx.trx.selectFrom("sections").select("order_key").where("project_gid", "=", projectGid);
  if (movingGid !== null) query = query.where("gid", "<>", movingGid);
  if (placement === null) {
    const last = await query.orderBy("order_key", "desc").limit(1).executeTakeFirst();
    return keyAfter(last?.order_key);
  }
  if ("before" in placement) {
    const anchor = placement.before.order_key;
    const previous = await query
      .where("order_key", "<", anchor)
      .orderBy("order_key", "desc")
      .limit(1)
      .executeTakeFirst();
    return keyBetween(previous?.order_key, anchor);
  }
  const anchor = placement.after.order_key;
  const next = await query.where("order_key", ">", anchor).orderBy("order_key").limit(1).executeTakeFirst();
  return keyBetween(anchor, next?.order_key);
}

function sectionEvent(project: ProjectsTable, sectionGid: number) {
  return {
    workspace_gid: project.workspace_gid,
    resource_type: "section",
    resource_gid: sectionGid,
    parent_type: "project",
    parent_gid: project.gid,
  };
}

export async function createSection(
  ctx: Ctx,
  project: ProjectsTable,
  name: string,
  placement: Placement,
  marksComplete = false,
) {
  return transact(ctx, async (tx) => {
    const section: SectionsTable = {
      gid: newGid(),
      project_gid: project.gid,
      name,
      order_key: await keyFor(tx, project.gid, placement, null),
      created_at: tx.now,
      marks_complete: flag(marksComplete),
    };
    await tx.trx.insertInto("sections").values(section).execute();
    await tx.emit({ ...sectionEvent(project, section.gid), action: "added" });
    return section;
  });
}

export async function updateSection(
  ctx: Ctx,
  project: ProjectsTable,
  section: SectionsTable,
  changes: { name?: string; placement?: Placement; marksComplete?: boolean },
) {
  return transact(ctx, async (tx) => {
    const values: Partial<SectionsTable> = {};
    if (changes.name !== undefined && changes.name !== section.name) values.name = changes.name;
    if (changes.marksComplete !== undefined && flag(changes.marksComplete) !== (section.marks_complete ?? 0)) {
      values.marks_complete = flag(changes.marksComplete);
    }
    if (changes.placement !== undefined) {
      values.order_key = await keyFor(tx, project.gid, changes.placement, section.gid);
    }
    if (Object.keys(values).length === 0) return section;
    await tx.trx.updateTable("sections").set(values).where("gid", "=", section.gid).execute();
    if (values.name !== undefined) {
      await tx.emit({
        ...sectionEvent(project, section.gid),
        action: "changed",
        change: { field: "name", action: "changed", new_value: values.name },
      });
    }
    if (values.marks_complete !== undefined) {
      await tx.emit({
        ...sectionEvent(project, section.gid),
        action: "changed",
        change: { field: "marks_complete", action: "changed", new_value: values.marks_complete === 1 },
      });
    }
    if (values.order_key !== undefined) {
      await tx.emit({
        ...sectionEvent(project, section.gid),
        action: "changed",
        change: { field: "position", action: "changed" },
      });
    }
    return { ...section, ...values };
  });
}

// Asana's rule: only an empty section goes, and a project always keeps one section.
export async function deleteSection(ctx: Ctx, project: ProjectsTable, section: SectionsTable) {
  return transact(ctx, async (tx) => {
    const tasks = await tx.trx
      .selectFrom("task_memberships")
      .select((eb) => eb.fn.countAll().as("count"))
      .where("section_gid", "=", section.gid)
      .executeTakeFirstOrThrow();
    const taskCount = Number(tasks.count);
    if (taskCount > 0) {
      throw badRequest(
        `section: Sections must be empty to be deleted. This one holds ${taskCount} task${taskCount === 1 ? "" : "s"}; move them to another section first.`,
      );
    }
    const siblings = await tx.trx
      .selectFrom("sections")
      .select((eb) => eb.fn.countAll().as("count"))
      .where("project_gid", "=", project.gid)
      .executeTakeFirstOrThrow();
    if (Number(siblings.count) <= 1) {
      throw badRequest("section: The last remaining section of a project cannot be deleted.");
    }
    await tx.trx.deleteFrom("sections").where("gid", "=", section.gid).execute();
    await tx.emit({ ...sectionEvent(project, section.gid), action: "removed" });
    await auditInTx(tx, {
      workspaceGid: project.workspace_gid,
      eventType: "section_deleted",
      category: "deletion",
      resource: { type: "section", gid: section.gid, name: section.name },
      details: { project: { gid: String(project.gid), name: project.name } },
    });
  });
}
