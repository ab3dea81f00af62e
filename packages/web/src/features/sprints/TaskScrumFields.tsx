import { Box, Group, Select, Text } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { Ref, TaskDetail } from "../../api/types";
import { notifyError } from "../../components/notify";
import i18n from "../../i18n";
import { invalidateScrum, useSprints } from "./api";
import { EstimateInput } from "./EstimateInput";
import { useSprintActions } from "./sprintActions";

interface Scrum {
  story_points: number | null;
  sprint: Ref | null;
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Group align="flex-start" wrap="nowrap" gap="md" mih={32}>
      <Text size="sm" c="dimmed" w={110} pt={5} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Box style={{ flex: 1, minWidth: 0, paddingTop: 4 }}>{children}</Box>
    </Group>
  );
}

// Story points and sprint in the task pane, shown when the task's project runs Scrum.
export function TaskScrumFields({ task, projectGid }: { task: TaskDetail; projectGid?: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const project = projectGid ?? task.memberships?.[0]?.project.gid ?? "";
  const scrumOn = useQuery({
    queryKey: ["project-scrum", project],
    enabled: !!project,
    queryFn: () => api.get<{ scrum_enabled?: boolean }>(`/projects/${project}`, { opt_fields: "scrum_enabled" }),
    staleTime: 30_000,
  });
  const enabled = !!scrumOn.data?.scrum_enabled && !task.parent;
  const scrum = useQuery({
    queryKey: ["task-scrum", task.gid],
    enabled,
    queryFn: () => api.get<Scrum>(`/tasks/${task.gid}`, { opt_fields: "story_points,sprint.name" }),
  });
  const sprints = useSprints(project, enabled);
  const actions = useSprintActions(project);
  if (!enabled) return null;

  const data = scrum.data;
  const choices = (sprints.data ?? []).filter(
    (sprint) => sprint.state !== "completed" || sprint.gid === data?.sprint?.gid,
  );
  const setSprint = async (gid: string | null) => {
    const previous = data;
    const sprint = gid ? (choices.find((item) => item.gid === gid) ?? null) : null;
    client.setQueryData<Scrum>(["task-scrum", task.gid], (current) =>
      current ? { ...current, sprint: sprint ? { gid: sprint.gid, name: sprint.name } : null } : current,
    );
    try {
      await api.put(`/tasks/${task.gid}`, { sprint: gid });
    } catch (error) {
      client.setQueryData(["task-scrum", task.gid], previous);
      notifyError(error, i18n.t("errors.undone"));
    } finally {
      invalidateScrum(client, project);
    }
  };

  return (
    <>
      <Row label={t("sprints.storyPoints")}>
        <EstimateInput
          value={data?.story_points ?? null}
          disabled={!data}
          testId="pane-points"
          onChange={async (points) => {
            client.setQueryData<Scrum>(["task-scrum", task.gid], (current) =>
              current ? { ...current, story_points: points } : current,
            );
            await actions.setPoints({ gid: task.gid, story_points: data?.story_points ?? null }, points);
            client.invalidateQueries({ queryKey: ["task-scrum", task.gid] });
          }}
        />
      </Row>
      <Row label={t("sprints.sprint")}>
        <Select
          size="xs"
          variant="unstyled"
          w={240}
          placeholder={t("sprints.backlog")}
          clearable
          value={data?.sprint?.gid ?? null}
          onChange={setSprint}
          data={choices.map((sprint) => ({
            value: sprint.gid,
            label: sprint.state === "active" ? `${sprint.name} · ${t("sprints.active")}` : sprint.name,
          }))}
          comboboxProps={{ withinPortal: true }}
          styles={{ input: { paddingLeft: 6, height: 26, minHeight: 26 } }}
          data-testid="pane-sprint"
        />
      </Row>
    </>
  );
}
