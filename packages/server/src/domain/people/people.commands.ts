import type { AccessLevel, WorkspaceRole } from "../../db/schema.ts";
import { badRequest, notFound } from "../../errors.ts";
import { newGid } from "../../ids.ts";
import { auditInTx } from "../audit/audit.record.ts";
import { type Actor, type Ctx, transact } from "../context.ts";
import { updateTask } from "../tasks/task.commands.ts";
import { removeUserFromWorkspace } from "../users/user.commands.ts";

type ActorCtx = Ctx & { actor: Actor };

// What a deactivated person held, given back on reactivation (teams and projects that still exist).
interface HeldMemberships {
  teams: { team_gid: number; is_admin: 0 | 1 }[];
  projects: { project_gid: number; access_level: AccessLevel }[];
}

async function userRef(ctx: Ctx, userGid: number) {
  const user = await ctx.db
    .selectFrom("users")
    .select(["gid", "name", "email"])
    .where("gid", "=", userGid)
    .executeTakeFirst();
  if (!user) throw notFound("user");
  return user;
}

// Open tasks go to the successor (or nobody), each with its own change event and story; then the person leaves
// the workspace, their teams and projects, remembered here for reactivation; the audit log says who and how many.
export async function deactivatePerson(
  ctx: ActorCtx,
  workspaceGid: number,
  person: { gid: number; role: WorkspaceRole },
  successorGid: number | null,
): Promise<{ reassigned: number }> {
  const user = await userRef(ctx, person.gid);
  return transact(ctx, async (tx) => {
    const unit = { ...ctx, db: tx.trx, unit: tx };
    const teams = await tx.trx
      .selectFrom("team_memberships")
      .innerJoin("teams", "teams.gid", "team_memberships.team_gid")
      .select(["team_memberships.team_gid", "team_memberships.is_admin"])
      .where("teams.workspace_gid", "=", workspaceGid)
      .where("team_memberships.user_gid", "=", person.gid)
      .execute();
    const projects = await tx.trx
      .selectFrom("project_memberships")
      .innerJoin("projects", "projects.gid", "project_memberships.project_gid")
      .select(["project_memberships.project_gid", "project_memberships.access_level"])
      .where("projects.workspace_gid", "=", workspaceGid)
      .where("project_memberships.user_gid", "=", person.gid)
      .execute();
    const open = await tx.trx
      .selectFrom("tasks")
      .selectAll()
      .where("workspace_gid", "=", workspaceGid)
      .where("assignee_gid", "=", person.gid)
      .where("completed", "=", 0)
      .orderBy("gid")
      .execute();
    for (const task of open) await updateTask(unit, task, { assignee_gid: successorGid });
    await removeUserFromWorkspace(unit, workspaceGid, person.gid);
    const held: HeldMemberships = { teams, projects };
    await tx.trx
      .insertInto("workspace_deactivations")
      .values({
        gid: newGid(),
        workspace_gid: workspaceGid,
        user_gid: person.gid,
        role: person.role,
        memberships: JSON.stringify(held),
        deactivated_by_gid: ctx.actor.gid,
        deactivated_at: tx.now,
      })
      .execute();
    await auditInTx(tx, {
      workspaceGid,
      eventType: "user_deactivated",
      category: "user_management",
      resource: { type: "user", gid: person.gid, name: user.name, email: user.email },
      details: {
        role: person.role,
        open_tasks_reassigned: open.length,
        reassigned_to: successorGid === null ? null : String(successorGid),
      },
    });
    return { reassigned: open.length };
  });
}

// The person comes back with the role, teams and projects they held (those still there).
export async function reactivatePerson(ctx: ActorCtx, workspaceGid: number, userGid: number): Promise<WorkspaceRole> {
  const user = await userRef(ctx, userGid);
  return transact(ctx, async (tx) => {
    const row = await tx.trx
      .selectFrom("workspace_deactivations")
      .selectAll()
      .where("workspace_gid", "=", workspaceGid)
      .where("user_gid", "=", userGid)
      .executeTakeFirst();
    if (!row) throw badRequest("user: this person is not deactivated in this workspace");
    const held = JSON.parse(row.memberships) as HeldMemberships;
    await tx.trx
      .insertInto("workspace_memberships")
      .values({ gid: newGid(), workspace_gid: workspaceGid, user_gid: userGid, role: row.role, created_at: tx.now })
      .execute();
    const list = await tx.trx
      .selectFrom("user_task_lists")
      .select("gid")
      .where("workspace_gid", "=", workspaceGid)
      .where("user_gid", "=", userGid)
      .executeTakeFirst();
    if (!list) {
      await tx.trx
        .insertInto("user_task_lists")
        .values({ gid: newGid(), user_gid: userGid, workspace_gid: workspaceGid })
        .execute();
    }
    const teamGids = held.teams.map((team) => team.team_gid);
    const liveTeams = new Set(
      teamGids.length === 0
        ? []
        : (await tx.trx.selectFrom("teams").select("gid").where("gid", "in", teamGids).execute()).map((t) => t.gid),
    );
    for (const team of held.teams.filter((entry) => liveTeams.has(entry.team_gid))) {
      await tx.trx
        .insertInto("team_memberships")
        .values({
          gid: newGid(),
          team_gid: team.team_gid,
          user_gid: userGid,
          is_admin: team.is_admin,
          created_at: tx.now,
        })
        .execute();
    }
    const projectGids = held.projects.map((project) => project.project_gid);
    const liveProjects = new Set(
      projectGids.length === 0
        ? []
        : (await tx.trx.selectFrom("projects").select("gid").where("gid", "in", projectGids).execute()).map(
            (p) => p.gid,
          ),
    );
    for (const project of held.projects.filter((entry) => liveProjects.has(entry.project_gid))) {
      await tx.trx
        .insertInto("project_memberships")
        .values({
          gid: newGid(),
          project_gid: project.project_gid,
          user_gid: userGid,
          access_level: project.access_level,
          created_at: tx.now,
        })
        .execute();
    }
    await tx.trx.deleteFrom("workspace_deactivations").where("gid", "=", row.gid).execute();
    await tx.emit({
      workspace_gid: workspaceGid,
      resource_type: "user",
      resource_gid: userGid,
      parent_type: "workspace",
      parent_gid: workspaceGid,
      action: "added",
    });
    await auditInTx(tx, {
      workspaceGid,
      eventType: "user_reactivated",
      category: "user_management",
      resource: { type: "user", gid: userGid, name: user.name, email: user.email },
      details: { role: row.role, teams: liveTeams.size, projects: liveProjects.size },
    });
    return row.role;
  });
}
