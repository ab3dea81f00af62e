import { ActionIcon, Combobox, Group, TextInput, Tooltip, useCombobox } from "@mantine/core";
import { IconTagPlus } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { keys, patchTaskEverywhere } from "../../api/queries";
import type { TaskRow } from "../../api/types";
import { useWorkspace } from "../../app/workspace";
import { notifyError } from "../../components/notify";
import { COLOR_NAMES } from "../custom-fields/colors";
import { type Tag, tagKeys, tagsOf, useTags } from "./api";
import { TagChip } from "./TagChip";

// Tags on a task: chips with remove, and a picker that can also create a tag by its name.
export function TagsField({ task }: { task: TaskRow }) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const client = useQueryClient();
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

  const write = async (next: Tag[], call: () => Promise<unknown>) => {
    patchTaskEverywhere(client, task.gid, { tags: next } as Partial<TaskRow>);
    try {
      await call();
      client.invalidateQueries({ queryKey: keys.stories(task.gid) });
    } catch (error) {
      patchTaskEverywhere(client, task.gid, { tags: current } as Partial<TaskRow>);
      notifyError(error);
    }
  };

  const add = async (tag: Tag) =>
    write([...current, tag], () => api.post(`/tasks/${task.gid}/addTag`, { tag: tag.gid }));
  const remove = (tag: Tag) =>
    write(
      current.filter((item) => item.gid !== tag.gid),
      () => api.post(`/tasks/${task.gid}/removeTag`, { tag: tag.gid }),
    );
  const create = async (name: string) => {
    if (!workspace) return;
    try {
      const tag = await api.post<Tag>(`/workspaces/${workspace.gid}/tags`, {
        name,
        color: COLOR_NAMES[(all.data?.length ?? 0) % COLOR_NAMES.length],
      });
      client.invalidateQueries({ queryKey: tagKeys.all(workspace.gid) });
      await add(tag);
    } catch (error) {
      notifyError(error);
    }
  };

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
