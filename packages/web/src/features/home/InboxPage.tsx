import { Container, Title } from "@mantine/core";
import { IconInbox } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "../../components/EmptyState";

export function InboxPage() {
  const { t } = useTranslation();
  return (
    <Container size="md" py="xl" w="100%">
      <Title order={2}>{t("nav.inbox")}</Title>
      <EmptyState icon={IconInbox} title={t("inbox.emptyTitle")} text={t("inbox.emptyText")} />
    </Container>
  );
}
