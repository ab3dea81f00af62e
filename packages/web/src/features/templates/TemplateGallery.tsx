import { Badge, Box, Button, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title, Tooltip } from "@mantine/core";
import { IconBolt, IconLayoutGrid, IconListCheck, IconTemplate, IconUsers } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useWorkspace } from "../../app/workspace";
import { EmptyState } from "../../components/EmptyState";
import { PROJECT_COLORS, projectColor } from "../projects/colors";
import { InstantiateModal } from "./InstantiateModal";
import { type ProjectTemplate, useProjectTemplates } from "./queries";

function TemplateCard({ template, onUse }: { template: ProjectTemplate; onUse(): void }) {
  const { t } = useTranslation();
  // Templates without a colour still get one of the palette's, stable per template.
  const fallback = PROJECT_COLORS[Number(template.gid.slice(-3)) % PROJECT_COLORS.length];
  const color = projectColor(template.color ?? fallback);
  const sections = template.sections ?? [];
  return (
    <Card
      withBorder
      radius="md"
      padding={0}
      data-testid="template-card"
      data-template-name={template.name}
      style={{ display: "flex", flexDirection: "column" }}
    >
      <Box h={6} style={{ background: color }} />
      <Stack gap="sm" p="md" style={{ flex: 1 }}>
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <Box
            w={36}
            h={36}
            style={{
              borderRadius: 8,
              background: `color-mix(in srgb, ${color} 16%, white)`,
              color,
              display: "flex",
              alignItems: "center",
              justifyContent: "center",
              flexShrink: 0,
            }}
          >
            <IconTemplate size={20} />
          </Box>
          <Box style={{ minWidth: 0 }}>
            <Text fw={650} truncate>
              {template.name}
            </Text>
            <Text size="xs" c="dimmed" truncate>
              {template.team?.name ?? t("templates.wholeWorkspace")}
            </Text>
          </Box>
        </Group>
        <Text size="sm" c={template.description ? undefined : "dimmed"} lineClamp={2} mih={40}>
          {template.description || t("templates.noDescription")}
        </Text>
        {sections.length > 0 && (
          <Group gap={4}>
            {sections.slice(0, 3).map((section) => (
              <Badge key={section} variant="light" color="gray" radius="sm" tt="none" fw={500}>
                {section}
              </Badge>
            ))}
            {sections.length > 3 && (
              <Badge variant="transparent" color="gray" tt="none">
                +{sections.length - 3}
              </Badge>
            )}
          </Group>
        )}
        <Group gap="md" c="dimmed" mt="auto">
          <Tooltip label={t("templates.tasksTip")}>
            <Group gap={4}>
              <IconListCheck size={15} />
              <Text size="xs">{t("templates.tasks", { count: template.num_tasks ?? 0 })}</Text>
            </Group>
          </Tooltip>
          {template.requested_roles.length > 0 && (
            <Tooltip label={template.requested_roles.map((role) => role.name).join(", ")}>
              <Group gap={4}>
                <IconUsers size={15} />
                <Text size="xs">{t("templates.rolesCount", { count: template.requested_roles.length })}</Text>
              </Group>
            </Tooltip>
          )}
          {(template.num_rules ?? 0) > 0 && (
            <Group gap={4}>
              <IconBolt size={15} />
              <Text size="xs">{t("templates.rulesCount", { count: template.num_rules ?? 0 })}</Text>
            </Group>
          )}
        </Group>
      </Stack>
      <Group px="md" py="sm" justify="flex-end" style={{ borderTop: "1px solid var(--mantine-color-gray-2)" }}>
        <Button size="xs" onClick={onUse} data-testid="template-use">
          {t("templates.use")}
        </Button>
      </Group>
    </Card>
  );
}

export function TemplateGallery() {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const templates = useProjectTemplates(workspace?.gid);
  const [chosen, setChosen] = useState<ProjectTemplate | null>(null);
  return (
    <Box p="xl" maw={1200} w="100%" mx="auto" data-testid="template-gallery">
      <Group gap="sm" mb={4}>
        <IconLayoutGrid size={22} />
        <Title order={1} size="h2">
          {t("templates.title")}
        </Title>
      </Group>
      <Text c="dimmed" size="sm" mb="lg">
        {t("templates.subtitle")}
      </Text>
      {templates.isPending ? (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {[0, 1, 2].map((index) => (
            <Skeleton key={index} h={230} radius="md" />
          ))}
        </SimpleGrid>
      ) : templates.isError ? (
        <EmptyState icon={IconTemplate} title={t("errors.title")} text={t("templates.loadFailed")} />
      ) : (templates.data ?? []).length === 0 ? (
        <EmptyState icon={IconTemplate} title={t("templates.emptyTitle")} text={t("templates.emptyText")} />
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {(templates.data ?? []).map((template) => (
            <TemplateCard key={template.gid} template={template} onUse={() => setChosen(template)} />
          ))}
        </SimpleGrid>
      )}
      <InstantiateModal template={chosen} onClose={() => setChosen(null)} />
    </Box>
  );
}
