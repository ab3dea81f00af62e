import { ActionIcon, Menu } from "@mantine/core";
import { IconDots, IconPencil, IconRowInsertBottom, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

export function SectionMenu({
  onRename,
  onAddBelow,
  onDelete,
}: {
  onRename(): void;
  onAddBelow(): void;
  onDelete(): void;
}) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="sm"
          aria-label={t("sections.actions")}
          data-testid="section-menu"
        >
          <IconDots size={16} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconPencil size={14} />} onClick={onRename}>
          {t("sections.rename")}
        </Menu.Item>
        <Menu.Item leftSection={<IconRowInsertBottom size={14} />} onClick={onAddBelow}>
          {t("sections.addBelow")}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={onDelete} data-testid="section-delete">
          {t("sections.delete")}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
