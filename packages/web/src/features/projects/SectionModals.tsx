import { Button, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Section } from "../../api/types";
import { Modal } from "../../components/Dialog";
import { InlineEdit } from "../../components/InlineText";

// Only an empty section can be deleted (Asana's rule, which the server keeps): asked to delete one that still holds
// tasks, this says so and how to go on, instead of offering a deletion the server refuses.
export function DeleteSectionModal({ section, count, onClose }: { section: Section; count: number; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Modal opened onClose={onClose} title={t("sections.notEmptyTitle")} centered>
      <Text size="sm">{t("sections.notEmptyText", { name: section.name, count })}</Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onClose} data-testid="section-not-empty-close">
          {t("common.close")}
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
