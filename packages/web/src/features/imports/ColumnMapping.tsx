import { Badge, Box, Group, ScrollArea, Select, Table, Text } from "@mantine/core";
import type * as C from "@takt/contracts";
import { CSV_COLUMN_TARGETS } from "@takt/contracts/constants";
import { useTranslation } from "react-i18next";

type Column = C.ImportPreview["columns"][number];

// Each CSV column with a few of its values and what it becomes: a task field, a new custom field of a type (enum
// options come from the column's values), or skipped. Below, the file's first rows as read.
export function ColumnMapping({
  columns,
  rows,
  encoding,
  onChange,
}: {
  columns: Column[];
  rows: string[][];
  encoding: string | null;
  onChange: (column: string, target: Column["target"]) => void;
}) {
  const { t } = useTranslation();
  const data = [
    {
      group: t("imports.target.fields"),
      items: CSV_COLUMN_TARGETS.slice(0, 9).map((value) => ({ value, label: t(`imports.field.${value}`) })),
    },
    {
      group: t("imports.target.custom"),
      items: CSV_COLUMN_TARGETS.slice(9, 14).map((value) => ({ value, label: t(`imports.target.${value}`) })),
    },
    { group: t("imports.target.other"), items: [{ value: "skip", label: t("imports.target.skip") }] },
  ];
  return (
    <Box data-testid="import-columns">
      <Group justify="space-between" mb={4}>
        <Text size="sm" fw={500}>
          {t("imports.mapping")}
        </Text>
        {encoding && (
          <Badge variant="light" color="gray" data-testid="import-encoding-detected">
            {t("imports.encodingDetected", { encoding: encoding.toUpperCase() })}
          </Badge>
        )}
      </Group>
      <Text size="xs" c="dimmed" mb="xs">
        {t("imports.mappingHint")}
      </Text>
      <Table verticalSpacing={4}>
        <Table.Tbody>
          {columns.map((column) => (
            <Table.Tr key={column.name} data-testid="import-column" data-column={column.name}>
              <Table.Td w="30%">
                <Text size="sm" fw={500}>
                  {column.name}
                </Text>
                <Text size="xs" c="dimmed" lineClamp={1}>
                  {column.samples.join(" · ") || t("imports.emptyColumn")}
                </Text>
              </Table.Td>
              <Table.Td>
                <Select
                  size="xs"
                  data={data}
                  value={column.target}
                  allowDeselect={false}
                  aria-label={column.name}
                  data-testid={`import-column-target-${column.name}`}
                  onChange={(value) => value && onChange(column.name, value as Column["target"])}
                />
                {column.options.length > 0 && (
                  <Text size="xs" c="dimmed" mt={2} lineClamp={1}>
                    {t("imports.options", { options: column.options.join(", ") })}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {rows.length > 0 && (
        <>
          <Text size="sm" fw={500} mt="md" mb={4}>
            {t("imports.firstRows")}
          </Text>
          <ScrollArea type="auto">
            <Table striped withTableBorder fz="xs" data-testid="import-rows">
              <Table.Thead>
                <Table.Tr>
                  {columns.map((column) => (
                    <Table.Th key={column.name}>{column.name}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows are shown as read, in file order.
                  <Table.Tr key={index}>
                    {columns.map((column, cell) => (
                      <Table.Td key={column.name} style={{ whiteSpace: "nowrap" }}>
                        {row[cell] ?? ""}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        </>
      )}
    </Box>
  );
}
