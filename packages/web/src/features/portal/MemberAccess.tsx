import { ActionIcon, Group, Select, Text, Tooltip } from "@mantine/core";
import { IconUserMinus } from "@tabler/icons-react";
import type { ProjectMembershipUpdateBody, RemoveProjectMembersBody } from "@takt/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { Project } from "../../api/types";
import { useWorkspace } from "../../app/workspace";
import { notifyError, notifySuccess } from "../../components/notify";
import { type AccessLevel, type ProjectMember, portalKeys } from "./queries";

const LEVELS: AccessLevel[] = ["admin", "editor", "commenter", "viewer"];

// A member's access in the Share dialog: who may manage members changes it or removes the person (the server
// refuses what it must, e.g. admin access for a guest, and says why).
export function MemberAccess({ project, membership }: { project: Project; membership: ProjectMember }) {
  const { t } = useTranslation();
  const { me } = useWorkspace();
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: portalKeys.members(project.gid) });
  const change = useMutation({
    mutationFn: (level: AccessLevel) =>
      api.put<unknown, typeof ProjectMembershipUpdateBody>(`/project_memberships/${membership.gid}`, {
        access_level: level,
      }),
    onSuccess: (_data, level) => {
      refresh();
      notifySuccess(t("admin.share.changed", { name: membership.user.name, level: t(`portal.access.${level}`) }));
    },
    onError: (error) => notifyError(error),
  });
  const remove = useMutation({
    mutationFn: () =>
      api.post<unknown, typeof RemoveProjectMembersBody>(`/projects/${project.gid}/removeMembers`, {
        members: [membership.user.gid],
      }),
    onSuccess: () => {
      refresh();
      notifySuccess(t("admin.share.removed", { name: membership.user.name }));
    },
    onError: (error) => notifyError(error),
  });
  if (!project.permissions?.manage_members || membership.user.gid === me.gid) {
    return (
      <Text size="xs" c="dimmed">
        {t(`portal.access.${membership.access_level}`)}
      </Text>
    );
  }
  return (
    <Group gap={4} wrap="nowrap">
      <Select
        size="xs"
        w={130}
        value={membership.access_level}
        allowDeselect={false}
        data={LEVELS.map((level) => ({ value: level, label: t(`portal.access.${level}`) }))}
        onChange={(value) => value && value !== membership.access_level && change.mutate(value as AccessLevel)}
        comboboxProps={{ withinPortal: true }}
        aria-label={t("admin.share.access", { name: membership.user.name })}
        data-testid="member-access"
      />
      <Tooltip label={t("admin.share.remove", { name: membership.user.name })}>
        <ActionIcon
          variant="subtle"
          color="gray"
          loading={remove.isPending}
          onClick={() => remove.mutate()}
          aria-label={t("admin.share.remove", { name: membership.user.name })}
          data-testid="member-remove"
        >
          <IconUserMinus size={16} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
