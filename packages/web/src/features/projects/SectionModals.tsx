import { Button, Group, Modal, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Section } from "../../api/types";

// Deleting a section that still has tasks asks first (the tasks go with it).
export function DeleteSectionModal({
  section,
  count,
  onClose,
  onDelete,
}: {
  section: Section;
  count: number;
  onClose(): void;
  onDelete(): void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened onClose={onClose} title={t("sections.deleteTitle")} centered>
      <Text size="sm">{t("sections.deleteText", { name: section.name, count })}</Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onClose}>
          {t("common.cancel")}
        </Button>
        <Button
          color="red"
          data-testid="confirm-delete-section"
          onClick={() => {
            onDelete();
            onClose();
          }}
        >
          {t("sections.delete")}
        </Button>
      </Group>
    </Modal>
  );
}
