import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  ScrollArea,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconBriefcase, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useWorkspace } from "../../app/workspace";
import { EmptyState } from "../../components/EmptyState";
import { notifyError } from "../../components/notify";
import { projectColor } from "../projects/colors";
import { useCreatePortfolio, usePortfolios } from "./queries";

// /portfolios: the workspace's portfolios the caller sees, and a new one.
export function PortfoliosPage() {
  const { t } = useTranslation();
  const { workspace, abilities } = useWorkspace();
  const portfolios = usePortfolios(workspace?.gid);
  const create = useCreatePortfolio(workspace?.gid);
  const navigate = useNavigate();
  const [opened, modal] = useDisclosure(false);
  const [name, setName] = useState("");
  const submit = async () => {
    try {
      const portfolio = await create.mutateAsync(name.trim());
      modal.close();
      setName("");
      if (portfolio) navigate(`/portfolios/${portfolio.gid}`);
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <ScrollArea h="100%">
      <Stack p="xl" gap="lg" maw={1100}>
        <Group justify="space-between">
          <Stack gap={2}>
            <Title order={1} size="h2">{t("portfolios.title")}</Title>
            <Text size="sm" c="dimmed">
              {t("portfolios.text")}
            </Text>
          </Stack>
          {abilities?.view_portfolios && (
            <Button leftSection={<IconPlus size={16} />} onClick={modal.open} data-testid="new-portfolio">
              {t("portfolios.new")}
            </Button>
          )}
        </Group>
        {portfolios.isPending ? (
          <Skeleton h={120} />
        ) : (portfolios.data ?? []).length === 0 ? (
          <EmptyState icon={IconBriefcase} title={t("portfolios.empty")} text={t("portfolios.emptyText")} />
        ) : (
          <Paper withBorder radius="md">
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("portfolios.name")}</Table.Th>
                  <Table.Th>{t("portfolios.owner")}</Table.Th>
                  <Table.Th>{t("portfolios.dates")}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(portfolios.data ?? []).map((portfolio) => (
                  <Table.Tr key={portfolio.gid} data-testid="portfolio-row">
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <span
                          style={{ width: 10, height: 10, borderRadius: 3, background: projectColor(portfolio.color) }}
                        />
                        <Anchor component={Link} to={`/portfolios/${portfolio.gid}`} fw={600}>
                          {portfolio.name}
                        </Anchor>
                      </Group>
                    </Table.Td>
                    <Table.Td>{portfolio.owner?.name ?? "—"}</Table.Td>
                    <Table.Td>{[portfolio.start_on, portfolio.due_on].filter(Boolean).join(" – ") || "—"}</Table.Td>
                    <Table.Td>
                      {!portfolio.public && (
                        <Badge variant="light" color="gray">
                          {t("portfolios.private")}
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
      </Stack>
      <Modal opened={opened} onClose={modal.close} title={t("portfolios.new")}>
        <Stack>
          <TextInput
            label={t("portfolios.name")}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            data-autofocus
            data-testid="portfolio-name"
            onKeyDown={(event) => event.key === "Enter" && name.trim() && submit()}
          />
          <Group justify="flex-end">
            <Button onClick={submit} disabled={!name.trim()} loading={create.isPending} data-testid="portfolio-create">
              {t("portfolios.create")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </ScrollArea>
  );
}
