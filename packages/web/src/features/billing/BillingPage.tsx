import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Paper,
  ScrollArea,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconCheck, IconChevronLeft, IconChevronRight, IconDownload, IconReceipt, IconX } from "@tabler/icons-react";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { API_BASE } from "../../api/client";
import { useWorkspace } from "../../app/workspace";
import { EmptyState } from "../../components/EmptyState";
import { notifyError } from "../../components/notify";
import { formatMinutes } from "../time/duration";
import { type Approval, useApprovals, useBillingReport, useDecide } from "./queries";

const STATE_COLOR: Record<Approval["approval_status"], string> = {
  DRAFT: "gray",
  SUBMITTED: "blue",
  APPROVED: "teal",
  REJECTED: "red",
};

function shiftMonth(month: string, by: number) {
  return dayjs(`${month}-01`).add(by, "month").format("YYYY-MM");
}

function Approvals() {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const approvals = useApprovals(workspace?.gid);
  const decide = useDecide();
  const rows = approvals.data ?? [];
  const act = async (gid: string, status: "APPROVED" | "REJECTED") => {
    try {
      await decide.mutateAsync({ gid, status });
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <Stack gap="xs">
      <Title order={4}>{t("billing.approvals")}</Title>
      <Text size="sm" c="dimmed">
        {t("billing.approvalsText")}
      </Text>
      {approvals.isPending ? (
        <Skeleton h={80} />
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="approvals-empty">
          {t("billing.noApprovals")}
        </Text>
      ) : (
        <Paper withBorder radius="md">
          <Table verticalSpacing="xs" data-testid="approvals">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("billing.person")}</Table.Th>
                <Table.Th>{t("billing.week")}</Table.Th>
                <Table.Th>{t("billing.hoursLogged")}</Table.Th>
                <Table.Th>{t("billing.state")}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.gid} data-testid="approval-row">
                  <Table.Td>{row.user.name}</Table.Td>
                  <Table.Td>
                    {row.start_date} – {row.end_date}
                  </Table.Td>
                  <Table.Td>{formatMinutes(row.total_minutes)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={STATE_COLOR[row.approval_status]}>
                      {t(`billing.states.${row.approval_status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {row.approval_status === "SUBMITTED" && (
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Tooltip label={t("billing.approve")}>
                          <ActionIcon
                            color="teal"
                            variant="light"
                            onClick={() => act(row.gid, "APPROVED")}
                            aria-label={t("billing.approve")}
                            data-testid="approve-week"
                          >
                            <IconCheck size={16} />
                          </ActionIcon>
                        </Tooltip>
                        <Tooltip label={t("billing.reject")}>
                          <ActionIcon
                            color="red"
                            variant="light"
                            onClick={() => act(row.gid, "REJECTED")}
                            aria-label={t("billing.reject")}
                          >
                            <IconX size={16} />
                          </ActionIcon>
                        </Tooltip>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </Stack>
  );
}

// /billing?month=YYYY-MM: approved billable time per client project and person (the invoice's input), its CSV,
// and the timesheets waiting for a lead's approval. For workspace admins (abilities.view_billing).
export function BillingPage() {
  const { t, i18n } = useTranslation();
  const { workspace, abilities } = useWorkspace();
  const [params, setParams] = useSearchParams();
  const month = /^\d{4}-\d{2}$/.test(params.get("month") ?? "") ? params.get("month")! : dayjs().format("YYYY-MM");
  const report = useBillingReport(abilities?.view_billing ? workspace?.gid : undefined, month);
  if (abilities && !abilities.view_billing) {
    return <EmptyState icon={IconReceipt} title={t("billing.forAdmins")} />;
  }
  const lines = report.data?.lines ?? [];
  const totals = new Map<string, number>();
  for (const line of lines) {
    if (line.amount !== null && line.currency_code)
      totals.set(line.currency_code, (totals.get(line.currency_code) ?? 0) + line.amount);
  }
  const label = dayjs(`${month}-01`).locale(i18n.language).format("MMMM YYYY");
  const go = (next: string) => setParams({ month: next });
  return (
    <ScrollArea h="100%">
      <Stack p="xl" gap="lg" maw={1100}>
        <Group justify="space-between" align="flex-end">
          <Stack gap={2}>
            <Title order={1} size="h2">
              {t("billing.title")}
            </Title>
            <Text size="sm" c="dimmed">
              {t("billing.text")}
            </Text>
          </Stack>
          <Group gap="xs">
            <ActionIcon
              variant="default"
              size="lg"
              onClick={() => go(shiftMonth(month, -1))}
              aria-label={t("billing.previousMonth")}
              data-testid="billing-prev"
            >
              <IconChevronLeft size={16} />
            </ActionIcon>
            <Text fw={600} w={150} ta="center" data-testid="billing-month">
              {label}
            </Text>
            <ActionIcon
              variant="default"
              size="lg"
              onClick={() => go(shiftMonth(month, 1))}
              aria-label={t("billing.nextMonth")}
              data-testid="billing-next"
            >
              <IconChevronRight size={16} />
            </ActionIcon>
            <Button
              component="a"
              href={`${API_BASE}/workspaces/${workspace?.gid}/billing.csv?month=${month}`}
              download={`billing-${month}.csv`}
              leftSection={<IconDownload size={16} />}
              variant="light"
              data-testid="billing-csv"
            >
              {t("billing.csv")}
            </Button>
          </Group>
        </Group>
        {report.isPending ? (
          <Skeleton h={160} />
        ) : lines.length === 0 ? (
          <EmptyState icon={IconReceipt} title={t("billing.empty")} text={t("billing.emptyText")} />
        ) : (
          <Paper withBorder radius="md">
            <Table verticalSpacing="sm" data-testid="billing-lines">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("billing.project")}</Table.Th>
                  <Table.Th>{t("billing.person")}</Table.Th>
                  <Table.Th ta="right">{t("billing.hoursCol")}</Table.Th>
                  <Table.Th ta="right">{t("billing.rate")}</Table.Th>
                  <Table.Th ta="right">{t("billing.amount")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lines.map((line) => (
                  <Table.Tr key={`${line.project.gid}:${line.user.gid}`} data-testid="billing-line">
                    <Table.Td fw={600}>{line.project.name}</Table.Td>
                    <Table.Td>{line.user.name}</Table.Td>
                    <Table.Td ta="right">{(line.minutes / 60).toFixed(2)}</Table.Td>
                    <Table.Td ta="right">
                      {line.rate === null ? t("billing.noRate") : `${line.rate} ${line.currency_code}`}
                    </Table.Td>
                    <Table.Td ta="right">
                      {line.amount === null
                        ? "—"
                        : `${line.amount.toLocaleString(i18n.language)} ${line.currency_code}`}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr>
                  <Table.Th colSpan={4}>{t("billing.total")}</Table.Th>
                  <Table.Th ta="right" data-testid="billing-total">
                    {[...totals]
                      .map(([currency, amount]) => `${amount.toLocaleString(i18n.language)} ${currency}`)
                      .join(" · ") || "—"}
                  </Table.Th>
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </Paper>
        )}
        {!!report.data?.unapproved_minutes && (
          <Text size="sm" c="dimmed" data-testid="billing-unapproved">
            {t("billing.unapproved", { time: formatMinutes(report.data.unapproved_minutes) })}
          </Text>
        )}
        <Approvals />
      </Stack>
    </ScrollArea>
  );
}
