import { Button, Group, Paper, ScrollArea, Skeleton, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { type Icon, IconPlus } from "@tabler/icons-react";
import { type ReactNode, useState } from "react";
import { useNavigate } from "react-router";
import { Modal } from "./Dialog";
import { EmptyState } from "./EmptyState";
import { notifyError } from "./notify";

// A page listing one kind of thing the workspace keeps (goals, portfolios): a title, a "New" button that names the
// new one and opens it, and a table — or an empty state.
export interface CollectionPageProps<T extends { gid: string }> {
  title: string;
  text: string;
  rows: T[] | undefined;
  loading: boolean;
  empty: { icon: Icon; title: string; text: string };
  // The table's head cells and one row's cells; `rowTestId` marks each row.
  head: ReactNode;
  row(item: T): ReactNode;
  rowTestId: string;
  tableTestId?: string;
  highlightOnHover?: boolean;
  // Without it, no "New" button (the caller may not create).
  create?: {
    label: string;
    submitLabel: string;
    nameLabel: string;
    // Test ids of the button, the name field and the submit button.
    testIds: { open: string; name: string; submit: string };
    // Makes the new thing from its name (and whatever `fields` hold); answers its gid to open it.
    make(name: string): Promise<string | undefined>;
    pending: boolean;
    pathOf(gid: string): string;
    // More fields of the new-thing dialog, below the name.
    fields?: ReactNode;
    // Called once the thing is made, to clear the extra fields.
    onMade?(): void;
  };
}

export function CollectionPage<T extends { gid: string }>(props: CollectionPageProps<T>) {
  const { create } = props;
  const navigate = useNavigate();
  const [opened, modal] = useDisclosure(false);
  const [name, setName] = useState("");
  const submit = async () => {
    if (!create || !name.trim()) return;
    try {
      const gid = await create.make(name.trim());
      modal.close();
      setName("");
      create.onMade?.();
      if (gid) navigate(create.pathOf(gid));
    } catch (error) {
      notifyError(error);
    }
  };
  return (
    <ScrollArea h="100%">
      <Stack p="xl" gap="lg" maw={1100}>
        <Group justify="space-between">
          <Stack gap={2}>
            <Title order={1} size="h2">
              {props.title}
            </Title>
            <Text size="sm" c="dimmed">
              {props.text}
            </Text>
          </Stack>
          {create && (
            <Button leftSection={<IconPlus size={16} />} onClick={modal.open} data-testid={create.testIds.open}>
              {create.label}
            </Button>
          )}
        </Group>
        {props.loading ? (
          <Skeleton h={120} />
        ) : (props.rows ?? []).length === 0 ? (
          <EmptyState icon={props.empty.icon} title={props.empty.title} text={props.empty.text} />
        ) : (
          <Paper withBorder radius="md">
            <Table verticalSpacing="sm" highlightOnHover={props.highlightOnHover} data-testid={props.tableTestId}>
              <Table.Thead>
                <Table.Tr>{props.head}</Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(props.rows ?? []).map((item) => (
                  <Table.Tr key={item.gid} data-testid={props.rowTestId}>
                    {props.row(item)}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
      </Stack>
      {create && (
        <Modal opened={opened} onClose={modal.close} title={create.label}>
          <Stack>
            <TextInput
              label={create.nameLabel}
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              data-autofocus
              data-testid={create.testIds.name}
              onKeyDown={(event) => event.key === "Enter" && void submit()}
            />
            {create.fields}
            <Group justify="flex-end">
              <Button
                onClick={submit}
                disabled={!name.trim()}
                loading={create.pending}
                data-testid={create.testIds.submit}
              >
                {create.submitLabel}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </ScrollArea>
  );
}
