import { ActionIcon, Combobox, Group, TextInput, Tooltip, useCombobox } from "@mantine/core";
import { IconTagPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { TaskRow } from "../../api/types";
import { useWorkspace } from "../../app/workspace";
import { useTaskTags } from "./mutations";
import { tagsOf, useTags } from "./queries";
import { TagChip } from "./TagChip";

// Tags on a task: chips with remove, and a picker that can also create a tag by its name.
export function TagsField({ task }: { task: TaskRow }) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const all = useTags(workspace?.gid);
  const [search, setSearch] = useState("");
  const [adding, setAdding] = useState(false);
  const combobox = useCombobox({ onDropdownClose: () => setSearch("") });
  const current = tagsOf(task);
  const currentGids = new Set(current.map((tag) => tag.gid));
  const matches = (all.data ?? []).filter(
    (tag) => !currentGids.has(tag.gid) && tag.name.toLowerCase().includes(search.trim().toLowerCase()),
  );
  const exact = (all.data ?? []).some((tag) => tag.name.toLowerCase() === search.trim().toLowerCase());

  const { add, remove, create: createTag } = useTaskTags(task, workspace?.gid ?? "");
  const create = (name: string) => createTag(name, all.data?.length ?? 0);

  // Who may not edit the task sees its tags, nothing more.
  if (!task.permissions?.edit) {
    return (
      <Group gap={4} data-testid="task-tags">
        {current.map((tag) => (
          <TagChip key={tag.gid} tag={tag} />
        ))}
      </Group>
    );
  }

  return (
    <Group gap={4} data-testid="task-tags">
      {current.map((tag) => (
        <TagChip key={tag.gid} tag={tag} onRemove={() => remove(tag)} />
      ))}
      {adding ? (
        <Combobox
          store={combobox}
          onOptionSubmit={(value) => {
            if (value.startsWith("new:")) create(value.slice(4));
            else {
              const tag = all.data?.find((item) => item.gid === value);
              if (tag) add(tag);
            }
            setSearch("");
            combobox.closeDropdown();
            setAdding(false);
          }}
          withinPortal
        >
          <Combobox.Target>
            <TextInput
              size="xs"
              w={180}
              autoFocus
              value={search}
              placeholder={t("tags.placeholder")}
              onChange={(event) => {
                setSearch(event.currentTarget.value);
                combobox.openDropdown();
                combobox.selectFirstOption();
              }}
              onFocus={() => combobox.openDropdown()}
              onBlur={() => {
                combobox.closeDropdown();
                setTimeout(() => setAdding(false), 150);
              }}
              onKeyDown={(event) => event.key === "Escape" && setAdding(false)}
              data-testid="tag-input"
            />
          </Combobox.Target>
          <Combobox.Dropdown>
            <Combobox.Options mah={220} style={{ overflowY: "auto" }}>
              {matches.slice(0, 30).map((tag) => (
                <Combobox.Option value={tag.gid} key={tag.gid}>
                  <TagChip tag={tag} />
                </Combobox.Option>
              ))}
              {search.trim() && !exact && (
                <Combobox.Option value={`new:${search.trim()}`} data-testid="tag-create">
                  {t("tags.create", { name: search.trim() })}
                </Combobox.Option>
              )}
              {!matches.length && !search.trim() && <Combobox.Empty>{t("tags.empty")}</Combobox.Empty>}
            </Combobox.Options>
          </Combobox.Dropdown>
        </Combobox>
      ) : (
        <Tooltip label={t("tags.add")}>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            onClick={() => setAdding(true)}
            aria-label={t("tags.add")}
            data-testid="tag-add"
          >
            <IconTagPlus size={16} />
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
}
