import { Button, Group, Paper, Select, Text, Title } from "@mantine/core";
import { IconArrowMerge } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { User } from "../../api/types";
import { errorMessage, notifySuccess } from "../../components/notify";
import { useMergePeople } from "./mutations";
import { memberLabel } from "./people";

// Two records of one person (an import's placeholder and the real account): everything of the first moves to the
// second, and the first leaves the workspace. For workspace admins; the server logs it in the audit log.
export function MergePeople({ workspace, members }: { workspace: string; members: User[] }) {
  const { t } = useTranslation();
  const [from, setFrom] = useState<string | null>(null);
  const [into, setInto] = useState<string | null>(null);
  const merge = useMergePeople(workspace);
  const data = members.map((member) => ({
    value: member.gid,
    label: memberLabel(member, t("imports.people.placeholderMember")),
  }));
  const name = (gid: string | null) => members.find((member) => member.gid === gid)?.name ?? "";
  const submit = async () => {
    if (!from || !into) return;
    if (!window.confirm(t("imports.merge.confirm", { from: name(from), into: name(into) }))) return;
    const result = await merge.mutateAsync({ from, into });
    notifySuccess(t("imports.merge.done", { from: result.from.name, into: result.into.name }));
    setFrom(null);
    setInto(null);
  };
  return (
    <Paper withBorder radius="md" p="lg" mt="lg" data-testid="merge-people">
      <Title order={4} mb={4}>
        {t("imports.merge.title")}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t("imports.merge.text")}
      </Text>
      <Group align="flex-end" grow>
        <Select
          label={t("imports.merge.from")}
          data={data.filter((item) => item.value !== into)}
          value={from}
          onChange={setFrom}
          searchable
          clearable
          data-testid="merge-from"
        />
        <Select
          label={t("imports.merge.into")}
          data={data.filter((item) => item.value !== from)}
          value={into}
          onChange={setInto}
          searchable
          clearable
          data-testid="merge-into"
        />
        <Button
          leftSection={<IconArrowMerge size={16} />}
          disabled={!from || !into}
          loading={merge.isPending}
          onClick={submit}
          maw={160}
          data-testid="merge-submit"
        >
          {t("imports.merge.submit")}
        </Button>
      </Group>
      {merge.isError && (
        <Text size="sm" c="red" mt="xs">
          {errorMessage(merge.error)}
        </Text>
      )}
    </Paper>
  );
}
