import {
  ActionIcon,
  Anchor,
  Badge,
  Box,
  Group,
  Paper,
  Progress,
  ScrollArea,
  Select,
  Skeleton,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconBriefcase, IconFolder, IconList, IconTimeline, IconX } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { isMissing } from "../../api/client";
import { useWorkspace } from "../../app/workspace";
import { EmptyState } from "../../components/EmptyState";
import { NotFound } from "../../components/NotFound";
import { notifyError } from "../../components/notify";
import { BudgetBurn } from "../billing/BudgetBurn";
import { STATUS_COLOR } from "../portal/queries";
import { projectColor } from "../projects/colors";
import { useProjects } from "../projects/queries";
import {
  type PortfolioItem,
  type ProjectPortfolioSetting,
  useInheritedAccessChange,
  usePortfolio,
  usePortfolioItemChange,
  usePortfolioItems,
  usePortfolioProjectSettings,
} from "./queries";

const linkOf = (item: PortfolioItem) =>
  item.resource_type === "project" ? `/projects/${item.gid}` : `/portfolios/${item.gid}`;

function ItemProgress({ item }: { item: PortfolioItem }) {
  const { t } = useTranslation();
  const progress = item.progress ?? { completed: 0, total: 0 };
  const percent = progress.total ? Math.round((progress.completed / progress.total) * 100) : 0;
  return (
    <Stack gap={2} miw={110}>
      <Progress
        value={percent}
        size="sm"
        color={percent === 100 ? "teal" : "takt"}
        aria-label={t("portfolios.progress")}
      />
      <Text size="xs" c="dimmed">
        {t("portfolios.tasksDone", { completed: progress.completed, total: progress.total })}
      </Text>
    </Stack>
  );
}

// Whether the portfolio's members inherit access to a project: a switch for those who may change it, else a word.
function InheritedAccess({ portfolio, setting }: { portfolio: string; setting: ProjectPortfolioSetting | undefined }) {
  const { t } = useTranslation();
  const change = useInheritedAccessChange(portfolio);
  // The switch follows the click at once (set in the event itself: the mutation's own state arrives a tick later,
  // after React has put a controlled switch back), until the change is saved and the setting read again.
  const [chosen, setChosen] = useState<boolean | null>(null);
  if (!setting) return <Text size="sm">—</Text>;
  const inherited = chosen ?? setting.is_access_control_inherited;
  const word = inherited ? t("portfolios.inherited") : t("portfolios.notInherited");
  if (!setting.permissions?.edit) {
    return (
      <Text size="sm" c={inherited ? undefined : "dimmed"} data-testid="item-access">
        {word}
      </Text>
    );
  }
  return (
    <Tooltip label={t("portfolios.inheritHint")} multiline w={280} openDelay={400}>
      <Box data-testid="item-access" w="fit-content">
        <Switch
          size="sm"
          checked={inherited}
          label={word}
          aria-label={t("portfolios.inheritAccess", { name: setting.project.name })}
          disabled={change.isPending}
          onChange={(event) => {
            const next = event.currentTarget.checked;
            setChosen(next);
            change
              .mutateAsync({ setting: setting.gid, inherited: next })
              .catch((error) => notifyError(error))
              .finally(() => setChosen(null));
          }}
          data-testid="item-access-switch"
          styles={{ label: { whiteSpace: "nowrap" } }}
        />
      </Box>
    </Tooltip>
  );
}

// A simple timeline: each item's bar from start to due over the span of all items' dates.
function PortfolioTimeline({ items }: { items: PortfolioItem[] }) {
  const { t } = useTranslation();
  const dated = items.filter((item) => item.start_on || item.due_on);
  if (dated.length === 0) return <EmptyState icon={IconTimeline} title={t("portfolios.noDates")} />;
  const day = (value: string) => new Date(`${value}T00:00:00Z`).getTime();
  const starts = dated.map((item) => day(item.start_on ?? item.due_on!));
  const ends = dated.map((item) => day(item.due_on ?? item.start_on!));
  const min = Math.min(...starts);
  const max = Math.max(...ends, min + 86_400_000);
  const today = Date.now();
  const at = (time: number) => `${((time - min) / (max - min)) * 100}%`;
  return (
    <Paper withBorder radius="md" p="md" data-testid="portfolio-timeline">
      <Group justify="space-between" mb="xs">
        <Text size="xs" c="dimmed">
          {new Date(min).toISOString().slice(0, 10)}
        </Text>
        <Text size="xs" c="dimmed">
          {new Date(max).toISOString().slice(0, 10)}
        </Text>
      </Group>
      <Stack gap={8} style={{ position: "relative" }}>
        {today > min && today < max && (
          <Box
            style={{
              position: "absolute",
              left: at(today),
              top: 0,
              bottom: 0,
              width: 2,
              background: "var(--mantine-color-red-4)",
            }}
          />
        )}
        {dated.map((item, index) => {
          const start = starts[index];
          const end = Math.max(ends[index], start + 86_400_000);
          const status = item.current_status_update?.status_type;
          return (
            <Group key={item.gid} gap="sm" wrap="nowrap">
              <Text size="sm" w={180} truncate>
                {item.name}
              </Text>
              <Box style={{ flex: 1, position: "relative", height: 20 }}>
                <Tooltip label={`${item.start_on ?? "…"} – ${item.due_on ?? "…"}`}>
                  <Box
                    style={{
                      position: "absolute",
                      left: at(start),
                      width: `calc(${at(end)} - ${at(start)})`,
                      minWidth: 6,
                      height: 20,
                      borderRadius: 6,
                      background: status
                        ? `var(--mantine-color-${STATUS_COLOR[status]}-5)`
                        : projectColor(item.color ?? null),
                    }}
                  />
                </Tooltip>
              </Box>
            </Group>
          );
        })}
      </Stack>
    </Paper>
  );
}

// /portfolios/:portfolioGid — the projects (and nested portfolios) with status, progress, owner, dates and budget.
export function PortfolioPage() {
  const { t } = useTranslation();
  const { portfolioGid = "" } = useParams();
  const { workspace } = useWorkspace();
  const portfolio = usePortfolio(portfolioGid);
  const items = usePortfolioItems(portfolioGid);
  const projects = useProjects(workspace?.gid);
  const change = usePortfolioItemChange(portfolioGid);
  const settings = usePortfolioProjectSettings(portfolioGid);
  if (isMissing(portfolio.error)) return <NotFound />;
  const can = portfolio.data?.permissions;
  const rows = items.data ?? [];
  const inside = new Set(rows.map((item) => item.gid));
  const candidates = (projects.data ?? []).filter((project) => !inside.has(project.gid));
  const showBudget = rows.some((item) => item.budget !== undefined);
  const settingOf = new Map((settings.data ?? []).map((setting) => [setting.project.gid, setting]));
  const fields = portfolio.data?.custom_field_settings ?? [];
  const edit = async (item: string, add: boolean) => {
    try {
      await change.mutateAsync({ item, add });
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <ScrollArea h="100%">
      <Stack p="xl" gap="lg" maw={1300}>
        <Group justify="space-between" align="flex-end">
          <Stack gap={4}>
            <Group gap="xs">
              <Box w={24} h={24} style={{ borderRadius: 6, background: projectColor(portfolio.data?.color ?? null) }} />
              {portfolio.data ? (
                <Title order={1} size="h2" data-testid="portfolio-title">
                  {portfolio.data.name}
                </Title>
              ) : (
                <Skeleton h={28} w={220} />
              )}
            </Group>
            <Text size="sm" c="dimmed">
              {[
                portfolio.data?.owner && t("portfolios.ownedBy", { name: portfolio.data.owner.name }),
                [portfolio.data?.start_on, portfolio.data?.due_on].filter(Boolean).join(" – "),
              ]
                .filter(Boolean)
                .join(" · ")}
            </Text>
            {fields.length > 0 && (
              <Group gap={4}>
                <Text size="xs" c="dimmed">
                  {t("portfolios.fields")}
                </Text>
                {fields.map((setting) => (
                  <Badge key={setting.gid} variant="light" size="sm">
                    {setting.custom_field.name}
                  </Badge>
                ))}
              </Group>
            )}
          </Stack>
          {can?.add_items && (
            <Select
              w={260}
              searchable
              placeholder={t("portfolios.addProject")}
              aria-label={t("portfolios.addProject")}
              data={candidates.map((project) => ({ value: project.gid, label: project.name }))}
              value={null}
              onChange={(value) => value && edit(value, true)}
              data-testid="portfolio-add-project"
            />
          )}
        </Group>
        <Tabs defaultValue="list" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="list" leftSection={<IconList size={16} />} data-testid="portfolio-tab-list">
              {t("views.list")}
            </Tabs.Tab>
            <Tabs.Tab value="timeline" leftSection={<IconTimeline size={16} />} data-testid="portfolio-tab-timeline">
              {t("timeline.tab")}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="list" pt="md">
            {items.isPending ? (
              <Skeleton h={160} />
            ) : rows.length === 0 ? (
              <EmptyState icon={IconBriefcase} title={t("portfolios.noItems")} text={t("portfolios.noItemsText")} />
            ) : (
              <Paper withBorder radius="md">
                <Table verticalSpacing="sm" data-testid="portfolio-items">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t("portfolios.name")}</Table.Th>
                      <Table.Th miw={130}>{t("portfolios.status")}</Table.Th>
                      <Table.Th>{t("portfolios.progress")}</Table.Th>
                      <Table.Th>{t("portfolios.owner")}</Table.Th>
                      <Table.Th>{t("portfolios.dates")}</Table.Th>
                      <Table.Th>{t("portfolios.access")}</Table.Th>
                      {showBudget && <Table.Th>{t("billing.budget")}</Table.Th>}
                      {can?.add_items && <Table.Th w={40} />}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((item) => {
                      const status = item.current_status_update;
                      return (
                        <Table.Tr key={item.gid} data-testid="portfolio-item">
                          <Table.Td>
                            <Group gap="xs" wrap="nowrap">
                              {item.resource_type === "portfolio" ? (
                                <IconFolder size={16} opacity={0.6} />
                              ) : (
                                <span
                                  style={{
                                    width: 10,
                                    height: 10,
                                    borderRadius: 3,
                                    background: projectColor(item.color ?? null),
                                  }}
                                />
                              )}
                              <Anchor component={Link} to={linkOf(item)} fw={600}>
                                {item.name}
                              </Anchor>
                            </Group>
                          </Table.Td>
                          <Table.Td style={{ whiteSpace: "nowrap" }}>
                            {status ? (
                              <Tooltip label={status.title}>
                                <Badge
                                  color={STATUS_COLOR[status.status_type]}
                                  variant="light"
                                  data-testid="item-status"
                                >
                                  {t(`portal.status.type.${status.status_type}`)}
                                </Badge>
                              </Tooltip>
                            ) : (
                              <Text size="sm" c="dimmed">
                                —
                              </Text>
                            )}
                          </Table.Td>
                          <Table.Td>
                            <ItemProgress item={item} />
                          </Table.Td>
                          <Table.Td>{item.owner?.name ?? "—"}</Table.Td>
                          <Table.Td>
                            <Text size="sm">{[item.start_on, item.due_on].filter(Boolean).join(" – ") || "—"}</Text>
                          </Table.Td>
                          <Table.Td>
                            <InheritedAccess portfolio={portfolioGid} setting={settingOf.get(item.gid)} />
                          </Table.Td>
                          {showBudget && (
                            <Table.Td miw={150}>{item.budget ? <BudgetBurn budget={item.budget} /> : "—"}</Table.Td>
                          )}
                          {can?.add_items && (
                            <Table.Td>
                              <Tooltip label={t("portfolios.remove")}>
                                <ActionIcon
                                  variant="subtle"
                                  color="gray"
                                  onClick={() => edit(item.gid, false)}
                                  aria-label={t("portfolios.remove")}
                                >
                                  <IconX size={14} />
                                </ActionIcon>
                              </Tooltip>
                            </Table.Td>
                          )}
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Paper>
            )}
          </Tabs.Panel>
          <Tabs.Panel value="timeline" pt="md">
            <PortfolioTimeline items={rows} />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </ScrollArea>
  );
}
