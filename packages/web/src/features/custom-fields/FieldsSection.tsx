import { Box, Button, Group, Stack, Text } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { TaskDetail } from "../../api/types";
import { useProjectFields } from "./context";
import { FieldEditor } from "./FieldEditor";
import { fieldsOf, useFieldSettings } from "./queries";
import type { FieldValue } from "./types";

// The pane's Fields section: every field of the task's projects, each editable in place for who may edit the task
// (on a task, setting a field's value is editing the task).
export function FieldsSection({ task, projectGid }: { task: TaskDetail; projectGid?: string }) {
  const { t } = useTranslation();
  const context = useProjectFields();
  const settings = useFieldSettings(projectGid);
  const values = fieldsOf(task);
  const byGid = new Map(values.map((value) => [value.gid, value]));
  const ordered: FieldValue[] = [];
  for (const setting of settings.data ?? []) {
    const field = setting.custom_field;
    // The setting's definition under the task's value: a value patched in from a row has no option list.
    ordered.push({ ...field, ...byGid.get(field.gid) });
    byGid.delete(field.gid);
  }
  ordered.push(...byGid.values());
  if (!ordered.length && !projectGid) return null;
  return (
    <Stack gap={6} data-testid="fields-section">
      <Group justify="space-between">
        <Text fw={600} size="sm">
          {t("fields.title")}
        </Text>
        {projectGid && context.projectGid === projectGid && context.canManage && (
          <Button
            size="compact-xs"
            variant="subtle"
            color="gray"
            leftSection={<IconPlus size={14} />}
            onClick={context.addField}
            data-testid="pane-add-field"
          >
            {t("fields.add")}
          </Button>
        )}
      </Group>
      {ordered.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("fields.none")}
        </Text>
      ) : (
        <Box
          style={{
            display: "grid",
            gridTemplateColumns: "110px minmax(0, 1fr)",
            columnGap: 16,
            rowGap: 6,
            alignItems: "center",
          }}
        >
          {ordered.map((field) => (
            <FieldRow key={field.gid} task={task} field={field} />
          ))}
        </Box>
      )}
    </Stack>
  );
}

function FieldRow({ task, field }: { task: TaskDetail; field: FieldValue }) {
  return (
    <>
      <Text size="sm" c="dimmed" truncate title={field.name}>
        {field.name}
      </Text>
      <Box maw={320}>
        <FieldEditor task={task} field={field} canEdit={!!task.permissions?.edit} />
      </Box>
    </>
  );
}
