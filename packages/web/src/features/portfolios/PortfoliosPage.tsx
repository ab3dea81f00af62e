import { Anchor, Badge, Group, Table } from "@mantine/core";
import { IconBriefcase } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useWorkspace } from "../../app/workspace";
import { CollectionPage } from "../../components/CollectionPage";
import { projectColor } from "../projects/colors";
import { useCreatePortfolio, usePortfolios } from "./queries";

// /portfolios: the workspace's portfolios the caller sees, and a new one.
export function PortfoliosPage() {
  const { t } = useTranslation();
  const { workspace, abilities } = useWorkspace();
  const portfolios = usePortfolios(workspace?.gid);
  const create = useCreatePortfolio(workspace?.gid);
  return (
    <CollectionPage
      title={t("portfolios.title")}
      text={t("portfolios.text")}
      rows={portfolios.data}
      loading={portfolios.isPending}
      empty={{ icon: IconBriefcase, title: t("portfolios.empty"), text: t("portfolios.emptyText") }}
      rowTestId="portfolio-row"
      highlightOnHover
      head={
        <>
          <Table.Th>{t("portfolios.name")}</Table.Th>
          <Table.Th>{t("portfolios.owner")}</Table.Th>
          <Table.Th>{t("portfolios.dates")}</Table.Th>
          <Table.Th />
        </>
      }
      row={(portfolio) => (
        <>
          <Table.Td>
            <Group gap="xs" wrap="nowrap">
              <span style={{ width: 10, height: 10, borderRadius: 3, background: projectColor(portfolio.color) }} />
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
        </>
      )}
      create={
        abilities?.view_portfolios
          ? {
              label: t("portfolios.new"),
              submitLabel: t("portfolios.create"),
              nameLabel: t("portfolios.name"),
              testIds: { open: "new-portfolio", name: "portfolio-name", submit: "portfolio-create" },
              make: async (name) => (await create.mutateAsync(name))?.gid,
              pending: create.isPending,
              pathOf: (gid) => `/portfolios/${gid}`,
            }
          : undefined
      }
    />
  );
}
