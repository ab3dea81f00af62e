import { useMemo } from "react";
import { useWorkspace } from "../../app/workspace";
import { useFieldSettings } from "../custom-fields/queries";
import { useBoard, useProjects } from "../projects/queries";
import { useTags } from "../tags/queries";
import { useTaskTemplates } from "../templates/queries";
import { useWorkspaceUsers } from "../users/queries";
import type { Names } from "./describe";

const toMap = (rows: { gid: string; name: string }[] | undefined) =>
  new Map((rows ?? []).map((row) => [row.gid, row.name]));

// Every name a rule of this project may mention, for pickers and summaries.
export function useRuleNames(projectGid: string) {
  const { workspace } = useWorkspace();
  const board = useBoard(projectGid);
  const users = useWorkspaceUsers(workspace?.gid);
  const projects = useProjects(workspace?.gid);
  const tags = useTags(workspace?.gid);
  const templates = useTaskTemplates(projectGid);
  const settings = useFieldSettings(projectGid);
  // Secret fields cannot be set or watched by rules.
  const fields = useMemo(
    () =>
      (settings.data ?? [])
        .map((setting) => setting.custom_field)
        .filter((field) => field.resource_subtype !== "secret"),
    [settings.data],
  );
  const names: Names = useMemo(
    () => ({
      sections: toMap(board.data?.sections),
      users: toMap(users.data),
      projects: toMap(projects.data),
      tags: toMap(tags.data),
      templates: toMap(templates.data),
      fields: toMap(fields),
    }),
    [board.data, users.data, projects.data, tags.data, templates.data, fields],
  );
  return {
    names,
    sections: board.data?.sections ?? [],
    users: users.data ?? [],
    projects: projects.data ?? [],
    tags: tags.data ?? [],
    templates: templates.data ?? [],
    fields,
  };
}

export type RuleOptions = ReturnType<typeof useRuleNames>;
