import { Badge, Group, Select, Stack, Table, Text, TextInput } from "@mantine/core";
import type * as C from "@takt/contracts";
import { useTranslation } from "react-i18next";
import type { User } from "../../api/types";
import { memberLabel } from "./people";

export type Choice =
  | { action: "match"; user: string }
  | { action: "invite"; email: string }
  | { action: "placeholder" }
  | { action: "none" };
type Person = C.ImportPreview["people"][number];

// The default for a person: the member they match, else a placeholder (mergeable later).
export const defaultChoice = (person: Person): Choice =>
  person.match ? { action: "match", user: person.match.gid } : { action: "placeholder" };

const selectValue = (choice: Choice) => (choice.action === "match" ? `match:${choice.user}` : choice.action);

// Every incoming person with whom they become here: the matched member (and how they were matched), another
// member, an invitation to an email, a placeholder, or nobody.
export function PeopleMapping({
  people,
  members,
  choices,
  onChange,
}: {
  people: Person[];
  members: User[];
  choices: Record<string, Choice>;
  onChange: (key: string, choice: Choice) => void;
}) {
  const { t } = useTranslation();
  if (people.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="import-people-empty">
        {t("imports.people.empty")}
      </Text>
    );
  }
  const options = [
    {
      group: t("imports.people.members"),
      items: members.map((member) => ({
        value: `match:${member.gid}`,
        label: memberLabel(member, t("imports.people.placeholderMember")),
      })),
    },
    {
      group: t("imports.people.other"),
      items: [
        { value: "invite", label: t("imports.people.invite") },
        { value: "placeholder", label: t("imports.people.placeholder") },
        { value: "none", label: t("imports.people.none") },
      ],
    },
  ];
  return (
    <Table verticalSpacing={6} data-testid="import-people">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("imports.people.incoming")}</Table.Th>
          <Table.Th>{t("imports.people.becomes")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {people.map((person) => {
          const choice = choices[person.key] ?? defaultChoice(person);
          return (
            <Table.Tr key={person.key} data-testid="import-person" data-person={person.name}>
              <Table.Td w="40%">
                <Text size="sm" fw={500}>
                  {person.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {[person.email, person.username && `@${person.username}`].filter(Boolean).join(" · ") ||
                    t("imports.people.noEmail")}
                </Text>
              </Table.Td>
              <Table.Td>
                <Stack gap={4}>
                  <Group gap="xs" wrap="nowrap">
                    <Select
                      size="xs"
                      flex={1}
                      data={options}
                      value={selectValue(choice)}
                      searchable
                      allowDeselect={false}
                      aria-label={t("imports.people.becomes")}
                      data-testid="import-person-choice"
                      onChange={(value) => {
                        if (!value) return;
                        if (value.startsWith("match:")) onChange(person.key, { action: "match", user: value.slice(6) });
                        else if (value === "invite")
                          onChange(person.key, { action: "invite", email: person.email ?? "" });
                        else onChange(person.key, { action: value as "placeholder" | "none" });
                      }}
                    />
                    {person.match && choice.action === "match" && choice.user === person.match.gid && (
                      <Badge size="sm" variant="light" color="teal" data-testid="import-person-matched">
                        {t(`imports.people.by.${person.matched_by ?? "name"}`)}
                      </Badge>
                    )}
                    {!person.match && person.candidates.length > 1 && (
                      <Badge size="sm" variant="light" color="yellow">
                        {t("imports.people.several", { count: person.candidates.length })}
                      </Badge>
                    )}
                  </Group>
                  {choice.action === "invite" && (
                    <TextInput
                      size="xs"
                      placeholder="name@company.com"
                      value={choice.email}
                      onChange={(event) => onChange(person.key, { action: "invite", email: event.currentTarget.value })}
                      aria-label={t("imports.people.inviteEmail")}
                      data-testid="import-person-invite-email"
                    />
                  )}
                </Stack>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
