import { ActionIcon, Box, Button, Group, Menu, Popover, Select, Stack, Text, UnstyledButton } from "@mantine/core";
import { IconChevronDown, IconPlus, IconX } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Membership, TaskDetail } from "../../api/types";
import { useWorkspace } from "../../app/workspace";
import { projectColor } from "../projects/colors";
import { useProjects, useSections } from "../projects/queries";
import { useTaskMemberships } from "./mutations";

function SectionSwitcher({ task, membership }: { task: TaskDetail; membership: Membership }) {
  const change = useTaskMemberships(task.gid).mutate;
  const [opened, setOpened] = useState(false);
  const sections = useSections(opened ? membership.project.gid : null);
  return (
    <Menu opened={opened} onChange={setOpened} position="bottom-start" withinPortal shadow="md">
      <Menu.Target>
        <UnstyledButton>
          <Group gap={2} wrap="nowrap">
            <Text size="xs" c="dimmed" truncate maw={140}>
              {membership.section?.name ?? "—"}
            </Text>
            <IconChevronDown size={12} color="var(--mantine-color-gray-6)" />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        {(sections.data ?? []).map((section) => (
          <Menu.Item key={section.gid} onClick={() => change({ kind: "section", section: section.gid })}>
            {section.name}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

export function ProjectsField({ task }: { task: TaskDetail }) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const change = useTaskMemberships(task.gid).mutate;
  const projects = useProjects(workspace?.gid);
  // Moving the task between projects and sections is the task's "move" ability.
  const movable = !!task.permissions?.move;
  const [adding, setAdding] = useState(false);
  const [project, setProject] = useState<string | null>(null);
  const [section, setSection] = useState<string | null>(null);
  const sections = useSections(project);
  const memberships = task.memberships ?? [];
  const taken = new Set(memberships.map((membership) => membership.project.gid));
  const options = (projects.data ?? [])
    .filter((item) => !taken.has(item.gid))
    .map((item) => ({ value: item.gid, label: item.name }));

  const add = () => {
    if (!project) return;
    setAdding(false);
    change({ kind: "add", project, section });
    setProject(null);
    setSection(null);
  };

  return (
    <Stack gap={4} data-testid="task-projects">
      {memberships.map((membership) => {
        const color = (projects.data ?? []).find((item) => item.gid === membership.project.gid)?.color;
        return (
          <Group key={membership.project.gid} gap={8} wrap="nowrap" data-testid="task-project">
            <Box w={10} h={10} style={{ borderRadius: 3, background: projectColor(color), flexShrink: 0 }} />
            <Text size="sm" component={Link} to={`/projects/${membership.project.gid}`} truncate maw={200} c="inherit">
              {membership.project.name}
            </Text>
            {movable ? (
              <SectionSwitcher task={task} membership={membership} />
            ) : (
              <Text size="xs" c="dimmed" truncate maw={140}>
                {membership.section?.name ?? "—"}
              </Text>
            )}
            {movable && (
              <ActionIcon
                variant="subtle"
                color="gray"
                size="xs"
                aria-label={t("tasks.removeFromProject")}
                onClick={() => change({ kind: "remove", project: membership.project.gid })}
                data-testid="remove-project"
              >
                <IconX size={12} />
              </ActionIcon>
            )}
          </Group>
        );
      })}
      {movable && (
        <Popover opened={adding} onChange={setAdding} position="bottom-start" shadow="md" width={300} withinPortal>
          <Popover.Target>
            <Button
              variant="subtle"
              color="gray"
              size="compact-sm"
              leftSection={<IconPlus size={14} />}
              onClick={() => setAdding((open) => !open)}
              style={{ alignSelf: "flex-start" }}
              data-testid="add-to-project"
            >
              {t("tasks.addToProject")}
            </Button>
          </Popover.Target>
          <Popover.Dropdown>
            <Stack gap="xs">
              <Select
                label={t("tasks.project")}
                data={options}
                value={project}
                onChange={(value) => {
                  setProject(value);
                  setSection(null);
                }}
                searchable
                comboboxProps={{ withinPortal: false }}
                data-testid="add-project-select"
                nothingFoundMessage={t("common.nothingFound")}
              />
              <Select
                label={t("tasks.section")}
                data={(sections.data ?? []).map((item) => ({ value: item.gid, label: item.name }))}
                value={section}
                onChange={setSection}
                disabled={!project}
                comboboxProps={{ withinPortal: false }}
                data-testid="add-section-select"
              />
              <Button onClick={add} disabled={!project} data-testid="add-project-confirm">
                {t("common.add")}
              </Button>
            </Stack>
          </Popover.Dropdown>
        </Popover>
      )}
    </Stack>
  );
}
