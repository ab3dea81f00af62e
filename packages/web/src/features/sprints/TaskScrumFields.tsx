import { Box, Group, Select, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { TaskDetail } from "../../api/types";
import { useProject } from "../projects/queries";
import { EstimateInput } from "./EstimateInput";
import { useSetStoryPoints, useSetTaskSprint } from "./mutations";
import { useSprints, useTaskScrum } from "./queries";

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

// Story points and sprint in the task pane, shown when the task's project runs Scrum; editable for who may edit it.
export function TaskScrumFields({ task, projectGid }: { task: TaskDetail; projectGid?: string }) {
  const { t } = useTranslation();
  const project = projectGid ?? task.memberships?.[0]?.project.gid ?? "";
  const scrumOn = useProject(project, !!project);
  const enabled = !!scrumOn.data?.scrum_enabled && !task.parent;
  const scrum = useTaskScrum(task.gid, enabled);
  const sprints = useSprints(project, enabled);
  const setPoints = useSetStoryPoints().mutate;
  const setSprint = useSetTaskSprint(project, task.gid).mutate;
  if (!enabled) return null;

  const data = scrum.data;
  const editable = !!task.permissions?.edit;
  const choices = (sprints.data ?? []).filter(
    (sprint) => sprint.state !== "completed" || sprint.gid === data?.sprint?.gid,
  );

  return (
    <>
      <Row label={t("sprints.storyPoints")}>
        <EstimateInput
          value={data?.story_points ?? null}
          disabled={!data || !editable}
          testId="pane-points"
          onChange={(points) =>
            setPoints({ task: { gid: task.gid, story_points: data?.story_points ?? null }, points })
          }
        />
      </Row>
      <Row label={t("sprints.sprint")}>
        <Select
          size="xs"
          variant="unstyled"
          w={240}
          placeholder={t("sprints.backlog")}
          clearable
          disabled={!editable}
          value={data?.sprint?.gid ?? null}
          onChange={(gid) => setSprint(gid ? (choices.find((item) => item.gid === gid) ?? null) : null)}
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
