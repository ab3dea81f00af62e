import { Box, Card, Container, Group, SimpleGrid, Skeleton, Stack, Text, Title, UnstyledButton } from "@mantine/core";
import { IconCircleCheck, IconLayoutKanban } from "@tabler/icons-react";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useWorkspace } from "../../app/workspace";
import { DueDate } from "../../components/DueDate";
import { EmptyState } from "../../components/EmptyState";
import { useMyTasks } from "../my-tasks/queries";
import { GuestHome } from "../portal/GuestHome";
import { projectColor } from "../projects/colors";
import { useProjects } from "../projects/queries";

// A client guest's home is their projects' stages; everyone else's is their tasks and the workspace's projects.
// The role is the server's word (the workspace's abilities), not a guess from a refused request.
export function HomePage() {
  const { abilities } = useWorkspace();
  if (!abilities) return null;
  return abilities.role === "guest" ? <GuestHome /> : <TeamHome />;
}

function TeamHome() {
  const { t } = useTranslation();
  const { me, workspace } = useWorkspace();
  const projects = useProjects(workspace?.gid);
  const myTasks = useMyTasks(workspace?.gid);
  const navigate = useNavigate();
  const hour = dayjs().hour();
  const greeting = hour < 12 ? t("home.morning") : hour < 18 ? t("home.afternoon") : t("home.evening");
  const soon = (myTasks.data ?? [])
    .filter((task) => !task.completed)
    .sort((a, b) => (a.due_on ?? "9999").localeCompare(b.due_on ?? "9999"))
    .slice(0, 6);

  return (
    <Container size="lg" py="xl" w="100%">
      <Text c="dimmed" size="sm">
        {dayjs().format("dddd, LL")}
      </Text>
      <Title order={1} fz={30} mb="xl">
        {greeting}, {me.name.split(" ")[0]}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card withBorder padding="lg" radius="lg">
          <Group justify="space-between" mb="sm">
            <Text fw={600}>{t("nav.myTasks")}</Text>
            <Text component={Link} to="/my-tasks" size="sm" c="takt">
              {t("home.seeAll")}
            </Text>
          </Group>
          {myTasks.isPending ? (
            <Stack gap="xs">
              {[0, 1, 2].map((index) => (
                <Skeleton key={index} h={22} />
              ))}
            </Stack>
          ) : soon.length === 0 ? (
            <EmptyState icon={IconCircleCheck} title={t("home.noTasksTitle")} text={t("home.noTasksText")} />
          ) : (
            <Stack gap={0}>
              {soon.map((task) => (
                <UnstyledButton
                  key={task.gid}
                  onClick={() => navigate(`/my-tasks/tasks/${task.gid}`)}
                  py={8}
                  style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}
                >
                  <Group justify="space-between" wrap="nowrap">
                    <Text size="sm" truncate>
                      {task.name}
                    </Text>
                    <DueDate due={task.due_on} />
                  </Group>
                </UnstyledButton>
              ))}
            </Stack>
          )}
        </Card>
        <Card withBorder padding="lg" radius="lg">
          <Text fw={600} mb="sm">
            {t("home.projects")}
          </Text>
          {projects.isPending ? (
            <Stack gap="xs">
              {[0, 1, 2].map((index) => (
                <Skeleton key={index} h={22} />
              ))}
            </Stack>
          ) : (projects.data ?? []).length === 0 ? (
            <EmptyState icon={IconLayoutKanban} title={t("home.noProjectsTitle")} text={t("home.noProjectsText")} />
          ) : (
            <SimpleGrid cols={2} spacing="xs">
              {(projects.data ?? []).slice(0, 10).map((project) => (
                <UnstyledButton
                  key={project.gid}
                  component={Link}
                  to={`/projects/${project.gid}`}
                  p="xs"
                  style={{ borderRadius: 8 }}
                >
                  <Group gap="sm" wrap="nowrap">
                    <Box
                      w={32}
                      h={32}
                      style={{ borderRadius: 8, background: projectColor(project.color), flexShrink: 0 }}
                    />
                    <Box style={{ minWidth: 0 }}>
                      <Text size="sm" fw={500} truncate>
                        {project.name}
                      </Text>
                      {project.team && (
                        <Text size="xs" c="dimmed" truncate>
                          {project.team.name}
                        </Text>
                      )}
                    </Box>
                  </Group>
                </UnstyledButton>
              ))}
            </SimpleGrid>
          )}
        </Card>
      </SimpleGrid>
    </Container>
  );
}
