import {
  ActionIcon,
  Anchor,
  Badge,
  Box,
  Button,
  CloseButton,
  Divider,
  Group,
  Menu,
  ScrollArea,
  Skeleton,
  Stack,
  Text,
  Textarea,
  Tooltip,
  UnstyledButton,
} from "@mantine/core";
import { RichTextEditor } from "@mantine/tiptap";
import { IconCheck, IconChevronLeft, IconDots, IconLink, IconTrash, IconUserPlus, IconX } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import Link from "@tiptap/extension-link";
import { useEditor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useNavigate } from "react-router";
import type { TaskDetail } from "../../api/types";
import { useShortcuts } from "../../app/shortcuts";
import { useWorkspace } from "../../app/workspace";
import { AssigneePicker } from "../../components/AssigneePicker";
import { Modal } from "../../components/Dialog";
import { DuePicker } from "../../components/DuePicker";
import { NotFound } from "../../components/NotFound";
import { notifySuccess } from "../../components/notify";
import { UserAvatar } from "../../components/UserAvatar";
import { useReturnFocus } from "../../components/useReturnFocus";
import { FieldsSection } from "../custom-fields/FieldsSection";
import { ApprovalActions } from "../portal/ApprovalActions";
import { Attachments } from "../portal/Attachments";
import { useProject } from "../projects/queries";
import { RecurrencePicker } from "../recurrence/RecurrencePicker";
import { DependenciesField } from "../search/DependenciesField";
import { TaskScrumFields } from "../sprints/TaskScrumFields";
import { TagsField } from "../tags/TagsField";
import { SaveTaskAsTemplateItem } from "../templates/TaskTemplates";
import { TaskTime } from "../time/TaskTime";
import { TaskKind } from "../timeline/TaskKind";
import { notifyDeletedWithUndo } from "../trash/undo";
import { Feed } from "./Feed";
import { useChangeFollowers, useDeleteTask, useSaveDescription, useUpdateTask } from "./mutations";
import { ProjectsField } from "./ProjectsField";
import { useTask } from "./queries";
import { Subtasks } from "./Subtasks";
import { ApprovalStatusBadge, TaskTypeItems } from "./TaskTypes";

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group align="flex-start" wrap="nowrap" gap="md" mih={32}>
      <Text size="sm" c="dimmed" w={110} pt={5} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Box style={{ flex: 1, minWidth: 0, paddingTop: 2 }}>{children}</Box>
    </Group>
  );
}

function stripBody(html: string | undefined): string {
  return (html ?? "").replace(/^<body>/, "").replace(/<\/body>$/, "");
}

function Description({ task }: { task: TaskDetail }) {
  const { t } = useTranslation();
  const save = useSaveDescription(task.gid);
  const editable = !!task.permissions?.edit;
  const saved = useRef(stripBody(task.html_notes));
  const editor = useEditor({
    extensions: [StarterKit.configure({ link: false }), Link.configure({ openOnClick: !editable })],
    content: stripBody(task.html_notes) || "",
    editable,
    immediatelyRender: true,
    editorProps: { attributes: { "data-testid": "task-description", "aria-label": t("tasks.description") } },
  });
  // Someone else's edit arrives: take it unless we are typing.
  useEffect(() => {
    const incoming = stripBody(task.html_notes);
    if (editor && !editor.isFocused && incoming !== saved.current) {
      saved.current = incoming;
      editor.commands.setContent(incoming || "");
    }
  }, [editor, task.html_notes]);
  useEffect(() => {
    if (!editor || !editable) return;
    const onBlur = () => {
      const html = editor.isEmpty ? "" : editor.getHTML();
      if (html === saved.current) return;
      const previous = saved.current;
      saved.current = html;
      save.mutate(html, {
        onError: () => {
          saved.current = previous;
        },
      });
    };
    editor.on("blur", onBlur);
    return () => {
      editor.off("blur", onBlur);
    };
  }, [editor, editable, save.mutate]);
  if (!editable) {
    // Read only: the text as written, no toolbar (and nothing at all when there is none).
    return editor?.isEmpty ? null : (
      <RichTextEditor editor={editor} className="takt-notes" styles={{ root: { border: 0 } }}>
        <RichTextEditor.Content />
      </RichTextEditor>
    );
  }
  return (
    <RichTextEditor
      editor={editor}
      className="takt-notes"
      styles={{ root: { border: "1px solid var(--mantine-color-gray-3)" } }}
    >
      <RichTextEditor.Toolbar>
        <RichTextEditor.ControlsGroup>
          <RichTextEditor.Bold />
          <RichTextEditor.Italic />
          <RichTextEditor.Strikethrough />
          <RichTextEditor.Code />
        </RichTextEditor.ControlsGroup>
        <RichTextEditor.ControlsGroup>
          <RichTextEditor.H2 />
          <RichTextEditor.BulletList />
          <RichTextEditor.OrderedList />
          <RichTextEditor.Blockquote />
        </RichTextEditor.ControlsGroup>
        <RichTextEditor.ControlsGroup>
          <RichTextEditor.Link />
          <RichTextEditor.Unlink />
        </RichTextEditor.ControlsGroup>
      </RichTextEditor.Toolbar>
      <RichTextEditor.Content />
    </RichTextEditor>
  );
}

function Followers({ task }: { task: TaskDetail }) {
  const { t } = useTranslation();
  const change = useChangeFollowers(task).mutate;
  const followers = task.followers ?? [];
  const editable = !!task.permissions?.edit;
  if (!editable) {
    return (
      <Group gap={6} data-testid="task-followers">
        {followers.map((follower) => (
          <UserAvatar key={follower.gid} user={follower} size={26} tooltip />
        ))}
      </Group>
    );
  }
  return (
    <Group gap={6} data-testid="task-followers">
      {followers.map((follower) => (
        <Tooltip key={follower.gid} label={`${follower.name} — ${t("tasks.removeFollower")}`}>
          <UnstyledButton
            style={{ borderRadius: 13 }}
            aria-label={`${follower.name} — ${t("tasks.removeFollower")}`}
            onClick={() => change({ user: follower, follow: false })}
          >
            <UserAvatar user={follower} size={26} />
          </UnstyledButton>
        </Tooltip>
      ))}
      <AssigneePicker
        value={null}
        label={t("tasks.addFollower")}
        onChange={(user) => user && !followers.some((item) => item.gid === user.gid) && change({ user, follow: true })}
        target={
          <Tooltip label={t("tasks.addFollower")}>
            <Box
              w={26}
              h={26}
              style={{
                borderRadius: 13,
                border: "1px dashed var(--mantine-color-gray-5)",
                display: "flex",
                alignItems: "center",
                justifyContent: "center",
              }}
            >
              <IconUserPlus size={14} color="var(--mantine-color-gray-6)" />
            </Box>
          </Tooltip>
        }
      />
    </Group>
  );
}

function TaskName({ task }: { task: TaskDetail }) {
  const { t } = useTranslation();
  const update = useUpdateTask().mutate;
  const [name, setName] = useState(task.name);
  useEffect(() => setName(task.name), [task.name]);
  // Escape's revert: the blur that follows must not save the words just abandoned.
  const reverting = useRef(false);
  const save = () => {
    if (reverting.current) {
      reverting.current = false;
      return;
    }
    const next = name.trim();
    if (next && next !== task.name) update({ task, patch: { name: next } });
    else setName(task.name);
  };
  if (!task.permissions?.edit) {
    return (
      <Text fz={22} fw={650} lh={1.3} px={6} py={4} data-testid="task-name" style={{ wordBreak: "break-word" }}>
        {task.name}
      </Text>
    );
  }
  return (
    <Textarea
      variant="unstyled"
      autosize
      minRows={1}
      value={name}
      onChange={(event) => setName(event.currentTarget.value.replace(/\n/g, ""))}
      onBlur={save}
      onKeyDown={(event) => {
        // Enter saves and keeps focus here, so Tab carries on to the fields below (a blur would drop focus to the
        // page's start); Escape puts the name back and leaves focus on the pane.
        if (event.key === "Enter") {
          event.preventDefault();
          save();
        }
        if (event.key === "Escape") {
          event.stopPropagation();
          setName(task.name);
          reverting.current = true;
          event.currentTarget.closest<HTMLElement>("[data-pane]")?.focus();
          reverting.current = false;
        }
      }}
      styles={{ input: { fontSize: 22, fontWeight: 650, lineHeight: 1.3, padding: "4px 6px" } }}
      className="takt-inline-input"
      aria-label={t("a11y.taskName")}
      data-testid="task-name"
    />
  );
}

export function TaskPane({
  taskGid,
  onClose,
  projectGid,
  basePath,
}: {
  taskGid: string;
  onClose(): void;
  projectGid?: string;
  basePath?: string;
}) {
  const { t } = useTranslation();
  const task = useTask(taskGid);
  const update = useUpdateTask().mutate;
  const deleteTask = useDeleteTask();
  const queryClient = useQueryClient();
  const { abilities } = useWorkspace();
  const navigate = useNavigate();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const base = basePath ?? (projectGid ? `/projects/${projectGid}` : "/my-tasks");
  const open = (gid: string) => navigate(`${base}/tasks/${gid}`);

  useShortcuts([["Escape", onClose]], "pane");
  const paneRef = useRef<HTMLDivElement>(null);
  useReturnFocus(paneRef);

  const remove = () => {
    setConfirmDelete(false);
    deleteTask.mutate(taskGid, {
      onSuccess: () => {
        notifyDeletedWithUndo(queryClient, taskGid, task.data?.name ?? "");
        onClose();
      },
    });
  };

  const data = task.data;
  const can = data?.permissions;
  // A task template belongs to a project: saving one takes templates in the workspace and edit on that project.
  const templateProject = projectGid ?? data?.memberships?.[0]?.project.gid ?? "";
  const project = useProject(templateProject, !!templateProject && !!abilities?.manage_templates);
  const templatable = !!data && !data.parent && !!abilities?.manage_templates && !!project.data?.permissions?.edit;
  return (
    <Box
      w={{ base: "100%", md: 560 }}
      style={{
        borderLeft: "1px solid var(--mantine-color-gray-3)",
        display: "flex",
        flexDirection: "column",
        background: "var(--mantine-color-body)",
        boxShadow: "-8px 0 24px rgba(16,24,40,.04)",
        flexShrink: 0,
        outline: "none",
      }}
      data-testid="task-pane"
      data-task-pane-gid={taskGid}
      data-shortcut-zone="task-pane"
      data-pane
      ref={paneRef}
      tabIndex={-1}
      component="section"
      aria-label={data?.name ?? t("a11y.taskPane")}
    >
      <Group justify="space-between" px="md" py={8} style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}>
        {!data ? (
          task.isPending ? (
            <Skeleton h={28} w={140} />
          ) : (
            <span />
          )
        ) : data.resource_subtype === "approval" ? (
          <ApprovalStatusBadge status={data.approval_status ?? "pending"} />
        ) : can?.complete ? (
          <Button
            size="xs"
            variant={data.completed ? "filled" : "default"}
            color={data.completed ? "teal" : "gray"}
            leftSection={<IconCheck size={14} />}
            onClick={() => update({ task: data, patch: { completed: !data.completed } })}
            data-testid="pane-complete"
          >
            {data.completed ? t("tasks.completed") : t("tasks.markComplete")}
          </Button>
        ) : (
          <Badge
            variant="light"
            color={data.completed ? "teal" : "gray"}
            leftSection={data.completed ? <IconCheck size={12} /> : null}
            data-testid="pane-status"
          >
            {data.completed ? t("tasks.completed") : t("tasks.notDone")}
          </Badge>
        )}
        <Group gap={4}>
          <Tooltip label={t("tasks.copyLink")}>
            <ActionIcon
              variant="subtle"
              color="gray"
              onClick={() => {
                navigator.clipboard?.writeText(window.location.href);
                notifySuccess(t("tasks.linkCopied"));
              }}
              aria-label={t("tasks.copyLink")}
            >
              <IconLink size={16} />
            </ActionIcon>
          </Tooltip>
          {(templatable || can?.delete || can?.edit) && (
            <Menu position="bottom-end" withinPortal shadow="md">
              <Menu.Target>
                <ActionIcon variant="subtle" color="gray" aria-label={t("tasks.more")} data-testid="pane-menu">
                  <IconDots size={16} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                {can?.edit && data && !data.parent && (
                  <TaskTypeItems
                    current={data.resource_subtype ?? "default_task"}
                    onChange={(subtype) => update({ task: data, patch: { resource_subtype: subtype } })}
                  />
                )}
                {templatable && data && <SaveTaskAsTemplateItem task={data} projectGid={projectGid} />}
                {can?.delete && (
                  <Menu.Item
                    color="red"
                    leftSection={<IconTrash size={14} />}
                    onClick={() => setConfirmDelete(true)}
                    data-testid="pane-delete"
                  >
                    {t("tasks.delete")}
                  </Menu.Item>
                )}
              </Menu.Dropdown>
            </Menu>
          )}
          <CloseButton
            onClick={onClose}
            aria-label={t("common.close")}
            data-testid="pane-close"
            icon={<IconX size={18} />}
          />
        </Group>
      </Group>
      <ScrollArea style={{ flex: 1 }} type="auto">
        {task.isPending ? (
          <Stack p="lg">
            <Skeleton h={32} w="70%" />
            <Skeleton h={20} w="40%" />
            <Skeleton h={20} w="50%" />
            <Skeleton h={120} />
          </Stack>
        ) : task.isError || !data ? (
          <NotFound compact />
        ) : (
          <Stack p="lg" gap="lg">
            <Stack gap={2}>
              {data.parent && data.parent.name === undefined && (
                <Text size="xs" c="dimmed">
                  {t("tasks.privateParent")}
                </Text>
              )}
              {data.parent && data.parent.name !== undefined && (
                <Anchor size="xs" component={RouterLink} to={`${base}/tasks/${data.parent.gid}`} c="dimmed">
                  <Group gap={2}>
                    <IconChevronLeft size={12} />
                    {data.parent.name}
                  </Group>
                </Anchor>
              )}
              <TaskKind task={data} />
              <TaskName task={data} />
            </Stack>
            <ApprovalActions task={data} />
            <Stack gap={6}>
              <Field label={t("tasks.assignee")}>
                <AssigneePicker
                  value={data.assignee}
                  readOnly={!can?.edit}
                  onChange={(assignee) => update({ task: data, patch: { assignee } })}
                  testId="pane-assignee"
                />
              </Field>
              <Field label={t("tasks.dueDate")}>
                <DuePicker
                  value={data.due_on}
                  completed={data.completed}
                  readOnly={!can?.edit}
                  onChange={(due_on) => update({ task: data, patch: { due_on } })}
                  testId="pane-due"
                />
              </Field>
              <Field label={t("tasks.startDate")}>
                <DuePicker
                  value={data.start_on}
                  readOnly={!can?.edit}
                  onChange={(start_on) => update({ task: data, patch: { start_on } })}
                  placeholder={t("tasks.noStartDate")}
                  testId="pane-start"
                />
              </Field>
              <Field label={t("recurrence.label")}>
                <RecurrencePicker task={data} />
              </Field>
              <Field label={t("tasks.projects")}>
                <ProjectsField task={data} />
              </Field>
              <Field label={t("tasks.followers")}>
                <Followers task={data} />
              </Field>
              <TaskScrumFields task={data} projectGid={projectGid} />
              <Field label={t("tags.title")}>
                <TagsField task={data} />
              </Field>
              <DependenciesField task={data} base={base} />
              <Field label={t("time.label")}>
                <TaskTime taskGid={data.gid} canLog={!!can?.log_time} canEdit={!!can?.edit} />
              </Field>
            </Stack>
            <FieldsSection task={data} projectGid={projectGid} />
            <Stack gap={6}>
              <Text fw={600} size="sm">
                {t("tasks.description")}
              </Text>
              <Description task={data} />
            </Stack>
            <Attachments taskGid={data.gid} canAttach={!!can?.attach} />
            <Subtasks parentGid={data.gid} canAdd={!!can?.add_subtasks} onOpen={open} />
            <Divider />
            <Feed taskGid={data.gid} />
          </Stack>
        )}
      </ScrollArea>
      {confirmDelete && (
        <Modal opened onClose={() => setConfirmDelete(false)} title={t("tasks.deleteTitle")} centered>
          <Text size="sm">{t("tasks.deleteText", { name: data?.name ?? "" })}</Text>
          <Group justify="flex-end" mt="lg">
            <Button variant="default" onClick={() => setConfirmDelete(false)}>
              {t("common.cancel")}
            </Button>
            <Button color="red" onClick={remove} data-testid="confirm-delete-task">
              {t("tasks.delete")}
            </Button>
          </Group>
        </Modal>
      )}
    </Box>
  );
}
