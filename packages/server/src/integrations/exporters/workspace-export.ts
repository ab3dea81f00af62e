import fs from "node:fs";
import path from "node:path";
import type { Db } from "../../db/index.ts";
import { LocalFileStore } from "../../domain/attachments/attachment.storage.ts";
import { moveIntoPlace, partialPathOf } from "../../durable-files.ts";
import { loadProjectContent, projectAsanaJson } from "./project-export.ts";
import { ZipWriter } from "./zip.ts";

export const exportsDir = (dataDir: string) => path.join(dataDir, "exports");

// A workspace as one .zip: workspace.json (people, teams, tags, every project in the Asana task shape) and each
// uploaded attachment under attachments/<gid>/<name>. Secret custom field values are masked, as in the API.
export async function writeWorkspaceExport(db: Db, dataDir: string, workspaceGid: number, file: string) {
  const workspace = await db
    .selectFrom("workspaces")
    .selectAll()
    .where("gid", "=", workspaceGid)
    .executeTakeFirstOrThrow();
  const people = await db
    .selectFrom("workspace_memberships")
    .innerJoin("users", "users.gid", "workspace_memberships.user_gid")
    .select(["users.gid", "users.name", "users.email", "workspace_memberships.role"])
    .where("workspace_memberships.workspace_gid", "=", workspaceGid)
    .orderBy("users.gid")
    .execute();
  const teams = await db
    .selectFrom("teams")
    .select(["gid", "name", "description"])
    .where("workspace_gid", "=", workspaceGid)
    .execute();
  const tags = await db
    .selectFrom("tags")
    .select(["gid", "name", "color"])
    .where("workspace_gid", "=", workspaceGid)
    .execute();
  const projects = await db
    .selectFrom("projects")
    .selectAll()
    .where("workspace_gid", "=", workspaceGid)
    .orderBy("gid")
    .execute();
  const exported = [];
  for (const project of projects) {
    const content = await loadProjectContent(db, project);
    exported.push({
      gid: String(project.gid),
      resource_type: "project",
      name: project.name,
      notes: project.notes,
      archived: project.archived === 1,
      privacy_setting: project.privacy_setting,
      team: project.team_gid ? { gid: String(project.team_gid), resource_type: "team" } : null,
      sections: content.sections.map((section) => ({
        gid: String(section.gid),
        resource_type: "section",
        name: section.name,
      })),
      tasks: (await projectAsanaJson(db, project, content)).data,
    });
  }
  const attachments = await db
    .selectFrom("attachments")
    .select(["gid", "parent_gid", "name", "sha256", "url", "resource_subtype"])
    .where("workspace_gid", "=", workspaceGid)
    .execute();
  const id = (gid: number) => String(gid);
  const document = {
    format: "takt-workspace-export",
    version: 1,
    created_at: new Date().toISOString(),
    workspace: { gid: id(workspace.gid), resource_type: "workspace", name: workspace.name },
    users: people.map((person) => ({ gid: id(person.gid), name: person.name, email: person.email, role: person.role })),
    teams: teams.map((team) => ({ gid: id(team.gid), name: team.name, description: team.description })),
    tags: tags.map((tag) => ({ gid: id(tag.gid), name: tag.name, color: tag.color })),
    projects: exported,
    attachments: attachments.map((attachment) => ({
      gid: id(attachment.gid),
      parent: { gid: id(attachment.parent_gid), resource_type: "task" },
      name: attachment.name,
      resource_subtype: attachment.resource_subtype,
      url: attachment.url,
      file: attachment.sha256 ? `attachments/${attachment.gid}/${attachment.name}` : null,
    })),
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = partialPathOf(file);
  const zip = new ZipWriter(partial);
  let files = 0;
  try {
    try {
      zip.add("workspace.json", Buffer.from(JSON.stringify(document, null, 2)));
      const store = new LocalFileStore(dataDir);
      for (const attachment of attachments) {
        if (!attachment.sha256) continue;
        const source = store.pathOf(attachment.sha256);
        if (!fs.existsSync(source)) continue;
        zip.add(`attachments/${attachment.gid}/${attachment.name.slice(0, 80)}`, fs.readFileSync(source));
        files += 1;
      }
    } finally {
      zip.close();
    }
    moveIntoPlace(partial, file);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  return { projects: exported.length, files, size: fs.statSync(file).size };
}
