import { Box, Button, Card, Container, Group, Skeleton, Stack, Text, ThemeIcon, Title, Tooltip } from "@mantine/core";
import { IconArrowRight, IconCheck, IconForms, IconLayoutKanban } from "@tabler/icons-react";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useWorkspace } from "../../app/workspace";
import { EmptyState } from "../../components/EmptyState";
import { projectColor } from "../projects/colors";
import { type GuestProject, useForms, useGuestHome } from "./queries";
import { StatusBadge } from "./StatusUpdates";

// Sections as stages: the ones before the current are done, the current is highlighted, the rest wait.
function Stages({ project }: { project: GuestProject }) {
  const { t } = useTranslation();
  const currentIndex = project.sections.findIndex((section) => section.gid === project.current_section?.gid);
  return (
    <Group gap={0} wrap="nowrap" data-testid="stages" style={{ overflowX: "auto" }}>
      {project.sections.map((section, index) => {
        const done = currentIndex === -1 ? section.num_tasks > 0 : index < currentIndex;
        const current = index === currentIndex;
        return (
          <Tooltip
            key={section.gid}
            label={t("portal.home.stageTasks", { count: section.num_tasks, open: section.num_incomplete_tasks })}
          >
            <Box
              data-testid="stage"
              data-current={current ? "true" : undefined}
              style={{
                flex: "1 1 0",
                minWidth: 96,
                padding: "8px 10px",
                borderTop: `4px solid ${
                  current
                    ? "var(--mantine-color-takt-6)"
                    : done
                      ? "var(--mantine-color-teal-5)"
                      : "var(--mantine-color-gray-3)"
                }`,
                marginRight: 4,
                background: current ? "var(--mantine-color-takt-0)" : undefined,
                borderRadius: "0 0 6px 6px",
              }}
            >
              <Group gap={4} wrap="nowrap">
                {done && <IconCheck size={13} color="var(--mantine-color-teal-6)" style={{ flexShrink: 0 }} />}
                <Text size="xs" fw={current ? 700 : 500} c={current ? "takt.8" : done ? "dark.4" : "dimmed"} truncate>
                  {section.name}
                </Text>
              </Group>
              <Text size="xs" c="dimmed">
                {section.num_tasks === 0
                  ? "—"
                  : section.num_incomplete_tasks === 0
                    ? t("portal.home.doneCount", { count: section.num_tasks })
                    : t("portal.home.openOfAll", { open: section.num_incomplete_tasks, count: section.num_tasks })}
              </Text>
            </Box>
          </Tooltip>
        );
      })}
    </Group>
  );
}

// The stages the team moved the project through, newest first, with their dates.
function StageHistory({ project }: { project: GuestProject }) {
  const { t } = useTranslation();
  const history = [...(project.stage_history ?? [])].reverse();
  if (history.length === 0) return null;
  return (
    <Group gap={6} mt="xs" wrap="wrap" data-testid="stage-history">
      <Text size="xs" c="dimmed">
        {t("admin.stage.history")}
      </Text>
      {history.slice(0, 6).map((change, index) => (
        <Text key={change.gid} size="xs" c={index === 0 ? "dark.5" : "dimmed"} data-testid="stage-history-item">
          {index > 0 && "← "}
          {change.name} · {dayjs(change.created_at).format("D MMM")}
        </Text>
      ))}
    </Group>
  );
}

function FormButtons({ project }: { project: string }) {
  const forms = useForms(project);
  const active = (forms.data ?? []).filter((form) => form.active);
  if (active.length === 0) return null;
  return (
    <>
      {active.map((form) => (
        <Button
          key={form.gid}
          component={Link}
          to={`/forms/${form.gid}`}
          size="xs"
          variant="light"
          leftSection={<IconForms size={14} />}
          data-testid="guest-form"
        >
          {form.title}
        </Button>
      ))}
    </>
  );
}

function ProjectCard({ project }: { project: GuestProject }) {
  const { t } = useTranslation();
  const update = project.current_status_update;
  return (
    <Card withBorder radius="lg" padding="lg" data-testid="guest-project" data-project-name={project.name}>
      <Group justify="space-between" wrap="nowrap" mb="md">
        <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
          <Box w={36} h={36} style={{ borderRadius: 9, background: projectColor(project.color), flexShrink: 0 }} />
          <Box style={{ minWidth: 0 }}>
            <Text fw={650} size="lg" truncate>
              {project.name}
            </Text>
            <Text size="sm" c="dimmed">
              {project.current_section
                ? t("portal.home.nowAt", { stage: project.current_section.name })
                : project.sections.length > 0
                  ? t("portal.home.allDone")
                  : t("portal.home.noStages")}
              {project.due_on ? ` · ${t("portal.home.due", { date: dayjs(project.due_on).format("LL") })}` : ""}
            </Text>
          </Box>
        </Group>
        <Button
          component={Link}
          to={`/projects/${project.gid}`}
          variant="default"
          size="xs"
          rightSection={<IconArrowRight size={14} />}
          data-testid="guest-open-project"
        >
          {t("portal.home.open")}
        </Button>
      </Group>
      <Stages project={project} />
      <StageHistory project={project} />
      <Box
        mt="md"
        p="sm"
        style={{ background: "var(--mantine-color-gray-0)", borderRadius: 8 }}
        data-testid="guest-status"
      >
        {update ? (
          <Stack gap={4}>
            <Group gap="xs">
              <StatusBadge status={update.status_type} />
              <Text size="sm" fw={600}>
                {update.title}
              </Text>
              <Text size="xs" c="dimmed">
                {dayjs(update.created_at).format("LL")}
              </Text>
            </Group>
            {update.text && (
              <Text size="sm" c="dark.4" lineClamp={3} style={{ whiteSpace: "pre-wrap" }}>
                {update.text}
              </Text>
            )}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            {t("portal.status.none")}
          </Text>
        )}
      </Box>
      <Group gap="xs" mt="md">
        <FormButtons project={project.gid} />
      </Group>
    </Card>
  );
}

export function GuestHome() {
  const { t } = useTranslation();
  const { me, workspace } = useWorkspace();
  const home = useGuestHome(workspace?.gid);
  return (
    <Container size="lg" py="xl" w="100%" data-testid="guest-home">
      <Text c="dimmed" size="sm">
        {workspace?.name}
      </Text>
      <Title order={1} fz={30} mb={4}>
        {t("portal.home.hello", { name: me.name.split(" ")[0] })}
      </Title>
      <Text c="dimmed" mb="xl">
        {t("portal.home.intro")}
      </Text>
      {home.isPending ? (
        <Stack>
          <Skeleton h={220} radius="lg" />
        </Stack>
      ) : (home.data ?? []).length === 0 ? (
        <EmptyState icon={IconLayoutKanban} title={t("portal.home.emptyTitle")} text={t("portal.home.emptyText")} />
      ) : (
        <Stack gap="lg">
          {(home.data ?? []).map((project) => (
            <ProjectCard key={project.gid} project={project} />
          ))}
        </Stack>
      )}
      <Group mt="xl" gap={6}>
        <ThemeIcon size="sm" variant="light" color="gray" radius="xl">
          <IconCheck size={12} />
        </ThemeIcon>
        <Text size="xs" c="dimmed">
          {t("portal.home.privacy")}
        </Text>
      </Group>
    </Container>
  );
}
