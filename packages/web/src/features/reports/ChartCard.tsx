import { ActionIcon, Box, Group, Menu, Paper, Stack, Text } from "@mantine/core";
import { IconDownload, IconFileSpreadsheet, IconPhoto } from "@tabler/icons-react";
import { type ReactNode, useRef } from "react";
import { useTranslation } from "react-i18next";
import { notifyError } from "../../components/notify";
import { downloadCsv, downloadPng, type LegendItem, resolveColor } from "./exportChart";

export interface CsvSpec {
  rows: object[];
  columns: { key: string; label: string }[];
}

// A titled chart with a download menu: PNG of what is drawn, CSV of the numbers behind it.
export function ChartCard({
  title,
  subtitle,
  controls,
  filename,
  legend,
  csv,
  children,
  testId,
}: {
  title: string;
  subtitle?: ReactNode;
  controls?: ReactNode;
  filename: string;
  legend: LegendItem[];
  csv: CsvSpec | null;
  children: ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const png = async () => {
    if (!ref.current) return;
    try {
      const colors = legend.map((item) => ({
        label: item.label,
        color: resolveColor(ref.current as HTMLElement, item.color),
      }));
      await downloadPng(ref.current, `${filename}.png`, title, colors);
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId}>
      <Group justify="space-between" align="flex-start" mb="sm" wrap="nowrap">
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Text fw={650}>{title}</Text>
          {subtitle && (
            <Text size="sm" c="dimmed">
              {subtitle}
            </Text>
          )}
        </Stack>
        <Group gap="xs" wrap="nowrap">
          {controls}
          <Menu position="bottom-end" withinPortal shadow="md">
            <Menu.Target>
              <ActionIcon variant="default" aria-label={t("charts.download")} data-testid="chart-download">
                <IconDownload size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconPhoto size={14} />} onClick={png} data-testid="download-png">
                {t("charts.png")}
              </Menu.Item>
              <Menu.Item
                leftSection={<IconFileSpreadsheet size={14} />}
                disabled={!csv}
                onClick={() => csv && downloadCsv(csv.rows, csv.columns, `${filename}.csv`)}
                data-testid="download-csv"
              >
                {t("charts.csv")}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
      <Box ref={ref}>{children}</Box>
    </Paper>
  );
}
