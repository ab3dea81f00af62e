import type { Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import { badRequest } from "../../errors.ts";
import { auditInTx } from "../audit/audit.record.ts";
import { type Actor, type Ctx, unitOfWork } from "../context.ts";
import { reattributeStories } from "../stories/story.derive.ts";
import { requireWorkspaceAdmin } from "../workspaces/workspace.policy.ts";
import { removeUserFromWorkspace } from "./user.commands.ts";

type Trx = Transaction<Database>;

interface Person {
  gid: number;
  name: string;
  email: string;
}

async function member(trx: Trx, workspaceGid: number, gid: number, field: string): Promise<Person> {
  const row = await trx
    .selectFrom("users")
    .innerJoin("workspace_memberships", "workspace_memberships.user_gid", "users.gid")
    .select(["users.gid", "users.name", "users.email"])
    .where("workspace_memberships.workspace_gid", "=", workspaceGid)
    .where("users.gid", "=", gid)
    .executeTakeFirst();
  if (!row) throw badRequest(`${field}: ${gid} is not a member of this workspace`);
  return row;
}

const count = (result: { numUpdatedRows?: bigint; numDeletedRows?: bigint }[]) =>
  result.reduce((sum, row) => sum + Number(row.numUpdatedRows ?? row.numDeletedRows ?? 0), 0);

// Two records of one person in a workspace (a placeholder an import made and the real account, or two imports'
// placeholders): the workspace's tasks, comments, followers, memberships, attachments and people-field values of
// `from` become `into`'s, `from` leaves the workspace, and the audit log says who merged whom and what moved. One
// unit of work: all of it or nothing. Rows of other workspaces are never touched.
export async function mergePeople(ctx: Ctx & { actor: Actor }, workspaceGid: number, fromGid: number, intoGid: number) {
  await requireWorkspaceAdmin(ctx.db, ctx.actor, workspaceGid);
  if (fromGid === intoGid) throw badRequest("into: a person cannot be merged into themselves");
  return unitOfWork(ctx, async (uow) => {
    const trx = uow.unit.trx;
    const from = await member(trx, workspaceGid, fromGid, "from");
    const into = await member(trx, workspaceGid, intoGid, "into");
    if (fromGid === ctx.actor.gid) throw badRequest("from: you cannot merge yourself away");
    const tasks = trx.selectFrom("tasks").select("gid").where("workspace_gid", "=", workspaceGid);
    const projects = trx.selectFrom("projects").select("gid").where("workspace_gid", "=", workspaceGid);
    const teams = trx.selectFrom("teams").select("gid").where("workspace_gid", "=", workspaceGid);
    const moved: Record<string, number> = {};
    const reassign = async (column: "assignee_gid" | "created_by_gid" | "completed_by_gid") =>
      trx
        .updateTable("tasks")
        .set({ [column]: intoGid })
        .where("workspace_gid", "=", workspaceGid)
        .where(column, "=", fromGid)
        .execute();
    moved.tasks_assigned = count(await reassign("assignee_gid"));
    moved.tasks_created = count(await reassign("created_by_gid"));
    await reassign("completed_by_gid");
    moved.comments = count(await reattributeStories(trx, workspaceGid, fromGid, intoGid));
    moved.attachments = count(
      await trx
        .updateTable("attachments")
        .set({ created_by_gid: intoGid })
        .where("created_by_gid", "=", fromGid)
        .where("workspace_gid", "=", workspaceGid)
        .execute(),
    );
    await trx
      .updateTable("projects")
      .set({ owner_gid: intoGid })
      .where("owner_gid", "=", fromGid)
      .where("workspace_gid", "=", workspaceGid)
      .execute();
    // Rows keyed by the person: where `into` already has one, `from`'s goes; otherwise it becomes `into`'s.
    const followed = await trx
      .selectFrom("task_followers")
      .select("task_gid")
      .where("user_gid", "=", intoGid)
      .where("task_gid", "in", tasks);
    await trx.deleteFrom("task_followers").where("user_gid", "=", fromGid).where("task_gid", "in", followed).execute();
    moved.followed = count(
      await trx
        .updateTable("task_followers")
        .set({ user_gid: intoGid })
        .where("user_gid", "=", fromGid)
        .where("task_gid", "in", tasks)
        .execute(),
    );
    const liked = trx.selectFrom("story_likes").select("story_gid").where("user_gid", "=", intoGid);
    const storiesHere = trx.selectFrom("stories").select("gid").where("task_gid", "in", tasks);
    await trx.deleteFrom("story_likes").where("user_gid", "=", fromGid).where("story_gid", "in", liked).execute();
    await trx
      .updateTable("story_likes")
      .set({ user_gid: intoGid })
      .where("user_gid", "=", fromGid)
      .where("story_gid", "in", storiesHere)
      .execute();
    const inProjects = trx.selectFrom("project_memberships").select("project_gid").where("user_gid", "=", intoGid);
    await trx
      .deleteFrom("project_memberships")
      .where("user_gid", "=", fromGid)
      .where("project_gid", "in", inProjects)
      .execute();
    moved.project_memberships = count(
      await trx
        .updateTable("project_memberships")
        .set({ user_gid: intoGid })
        .where("user_gid", "=", fromGid)
        .where("project_gid", "in", projects)
        .execute(),
    );
    const inTeams = trx.selectFrom("team_memberships").select("team_gid").where("user_gid", "=", intoGid);
    await trx.deleteFrom("team_memberships").where("user_gid", "=", fromGid).where("team_gid", "in", inTeams).execute();
    moved.team_memberships = count(
      await trx
        .updateTable("team_memberships")
        .set({ user_gid: intoGid })
        .where("user_gid", "=", fromGid)
        .where("team_gid", "in", teams)
        .execute(),
    );
    // People-field values hold gids as JSON strings.
    const values = await trx
      .selectFrom("task_custom_field_values")
      .select(["task_gid", "custom_field_gid", "multi_value"])
      .where("task_gid", "in", tasks)
      .where("multi_value", "like", `%"${fromGid}"%`)
      .execute();
    for (const value of values) {
      const gids = (JSON.parse(value.multi_value ?? "[]") as string[]).map((gid) =>
        gid === String(fromGid) ? String(intoGid) : gid,
      );
      await trx
        .updateTable("task_custom_field_values")
        .set({ multi_value: JSON.stringify([...new Set(gids)]) })
        .where("task_gid", "=", value.task_gid)
        .where("custom_field_gid", "=", value.custom_field_gid)
        .execute();
    }
    moved.field_values = values.length;
    // A later import of the same source finds the merged person.
    await trx
      .updateTable("import_keys")
      .set({ resource_gid: intoGid })
      .where("workspace_gid", "=", workspaceGid)
      .where("source", "like", "%-people")
      .where("resource_gid", "=", fromGid)
      .execute();
    await removeUserFromWorkspace(uow, workspaceGid, fromGid);
    await auditInTx(uow.unit, {
      workspaceGid,
      eventType: "user_merged",
      category: "user_management",
      resource: { type: "user", gid: into.gid, name: into.name, email: into.email },
      details: { merged_user: { gid: String(from.gid), name: from.name, email: from.email }, moved },
    });
    return { from, into, moved };
  });
}
