import { Button, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Section } from "../../api/types";
import { Modal } from "../../components/Dialog";
import { InlineEdit } from "../../components/InlineText";

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

// A new section's name, typed in a small dialog (a board column, or a section added below another).
export function AddSectionModal({
  title,
  onSave,
  onClose,
}: {
  title: string;
  onSave(name: string): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened onClose={onClose} title={title} centered size="sm">
      <InlineEdit
        value=""
        placeholder={t("sections.namePlaceholder")}
        onSave={onSave}
        onDone={onClose}
        testId="section-composer"
      />
    </Modal>
  );
}
