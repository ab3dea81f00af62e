import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  CopyButton,
  Divider,
  Group,
  ScrollArea,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { IconCheck, IconCopy, IconMailForward, IconSend, IconX } from "@tabler/icons-react";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Project } from "../../api/types";
import { useWorkspace } from "../../app/workspace";
import { Modal } from "../../components/Dialog";
import { errorMessage, notifySuccess } from "../../components/notify";
import { UserAvatar } from "../../components/UserAvatar";
import { MemberAccess } from "./MemberAccess";
import { useInvitationActions } from "./mutations";
import { type AccessLevel, type Invitation, useInvitations, useProjectMembers } from "./queries";

// "Share": invite a client (guest) or a colleague into this project, see who is in, manage pending invitations.
export function ShareDialog({ project, opened, onClose }: { project: Project; opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const { invite: inviting, resend: resending, revoke: revoking } = useInvitationActions(project.gid);
  const members = useProjectMembers(opened ? project.gid : undefined);
  const invitations = useInvitations(workspace?.gid, project.gid, opened);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<"guest" | "member">("guest");
  const [access, setAccess] = useState<AccessLevel>("commenter");
  const [link, setLink] = useState<string | null>(null);

  const levels: AccessLevel[] =
    role === "guest" ? ["editor", "commenter", "viewer"] : ["admin", "editor", "commenter", "viewer"];

  const invite = () => {
    if (!workspace || !email.trim()) return;
    setLink(null);
    inviting.mutate(
      { workspace: workspace.gid, email: email.trim(), role, access_level: access },
      {
        onSuccess: (created) => {
          if (created?.invite_url) setLink(created.invite_url);
          else notifySuccess(t("portal.share.sent", { email: email.trim() }));
          setEmail("");
        },
      },
    );
  };
  const error = inviting.error ? errorMessage(inviting.error) : null;

  const resend = (invitation: Invitation) =>
    resending.mutate(invitation, {
      onSuccess: (renewed) => {
        if (renewed?.invite_url) setLink(renewed.invite_url);
        else notifySuccess(t("portal.share.resent", { email: invitation.email }));
      },
    });

  const revoke = (invitation: Invitation) => revoking.mutate(invitation);
  // Opened again, the dialog starts fresh: no link from the last invitation.
  const close = () => {
    setLink(null);
    onClose();
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={<Text fw={650}>{t("portal.share.title", { project: project.name })}</Text>}
      size="lg"
      centered
      data-testid="share-dialog"
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          invite();
        }}
      >
        <Stack gap="sm">
          <SegmentedControl
            value={role}
            onChange={(value) => {
              const next = value as "guest" | "member";
              setRole(next);
              setAccess(next === "guest" ? "commenter" : "editor");
            }}
            data={[
              { value: "guest", label: t("portal.share.asGuest") },
              { value: "member", label: t("portal.share.asMember") },
            ]}
            data-testid="share-role"
          />
          <Text size="xs" c="dimmed">
            {role === "guest" ? t("portal.share.guestHint") : t("portal.share.memberHint")}
          </Text>
          <Group align="flex-end" wrap="nowrap" gap="xs">
            <TextInput
              label={t("portal.share.email")}
              placeholder="client@example.com"
              type="email"
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              style={{ flex: 1 }}
              data-testid="share-email"
              data-autofocus
            />
            <Select
              label={t("portal.share.access")}
              value={access}
              onChange={(value) => value && setAccess(value as AccessLevel)}
              data={levels.map((level) => ({ value: level, label: t(`portal.access.${level}`) }))}
              allowDeselect={false}
              w={150}
              data-testid="share-access"
              comboboxProps={{ withinPortal: true }}
            />
            <Button
              type="submit"
              leftSection={<IconSend size={16} />}
              loading={inviting.isPending}
              disabled={!email.trim()}
              data-testid="share-invite"
            >
              {t("portal.share.invite")}
            </Button>
          </Group>
          {error && (
            <Alert color="red" variant="light" data-testid="share-error">
              {error}
            </Alert>
          )}
          {link && (
            <Alert color="blue" variant="light" title={t("portal.share.noMailTitle")}>
              <Text size="sm" mb={6}>
                {t("portal.share.noMailText")}
              </Text>
              <Group gap="xs" wrap="nowrap">
                <TextInput value={link} readOnly style={{ flex: 1 }} size="xs" data-testid="share-link" />
                <CopyButton value={link}>
                  {({ copied, copy }) => (
                    <Button
                      size="xs"
                      variant="light"
                      onClick={copy}
                      leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                    >
                      {copied ? t("portal.share.copied") : t("portal.share.copy")}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            </Alert>
          )}
        </Stack>
      </form>
      <Divider my="md" />
      <ScrollArea.Autosize mah={320}>
        <Stack gap="md">
          {(invitations.data ?? []).length > 0 && (
            <Stack gap={6}>
              <Text size="xs" fw={700} c="dimmed" tt="uppercase">
                {t("portal.share.pending")}
              </Text>
              {(invitations.data ?? []).map((invitation) => (
                <Group key={invitation.gid} justify="space-between" wrap="nowrap" data-testid="invitation-row">
                  <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
                    <IconMailForward size={18} opacity={0.5} />
                    <div style={{ minWidth: 0 }}>
                      <Text size="sm" truncate>
                        {invitation.email}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t("portal.share.expires", { date: dayjs(invitation.expires_at).format("LL") })}
                      </Text>
                    </div>
                  </Group>
                  <Group gap={6} wrap="nowrap">
                    <Badge variant="light" color={invitation.role === "guest" ? "orange" : "blue"}>
                      {invitation.role === "guest" ? t("portal.share.guest") : t("portal.share.member")}
                      {invitation.access_level ? ` · ${t(`portal.access.${invitation.access_level}`)}` : ""}
                    </Badge>
                    <Button size="compact-xs" variant="subtle" onClick={() => resend(invitation)}>
                      {t("portal.share.resend")}
                    </Button>
                    <Tooltip label={t("portal.share.revoke")}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        size="sm"
                        onClick={() => revoke(invitation)}
                        aria-label={t("portal.share.revoke")}
                        data-testid="invitation-revoke"
                      >
                        <IconX size={14} />
                      </ActionIcon>
                    </Tooltip>
                  </Group>
                </Group>
              ))}
            </Stack>
          )}
          <Stack gap={6}>
            <Text size="xs" fw={700} c="dimmed" tt="uppercase">
              {t("portal.share.people")}
            </Text>
            {(members.data ?? []).map((membership) => (
              <Group key={membership.gid} justify="space-between" wrap="nowrap" data-testid="member-row">
                <Group gap="sm" wrap="nowrap">
                  <UserAvatar user={membership.user} size={26} />
                  <Text size="sm">{membership.user.name}</Text>
                </Group>
                <MemberAccess project={project} membership={membership} />
              </Group>
            ))}
          </Stack>
        </Stack>
      </ScrollArea.Autosize>
    </Modal>
  );
}
