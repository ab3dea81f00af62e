import { ActionIcon, Badge, Indicator, Tooltip } from "@mantine/core";
import { IconBell } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useWorkspace } from "../../app/workspace";
import { useUnreadCount } from "./queries";

const shown = (count: number) => (count > 99 ? "99+" : String(count));

// Top bar: a bell with the unread count; the socket keeps the count live (features/inbox/queries.ts).
export function InboxBell() {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const unread = useUnreadCount(workspace?.gid).data ?? 0;
  const label = unread > 0 ? t("portal.inbox.unreadCount", { count: unread }) : t("nav.inbox");
  return (
    <Tooltip label={label}>
      <Indicator
        label={shown(unread)}
        size={16}
        offset={5}
        disabled={unread === 0}
        color="red"
        styles={{ indicator: { fontSize: 10, fontWeight: 700 } }}
      >
        <ActionIcon
          component={Link}
          to="/inbox"
          variant="subtle"
          color="gray"
          size="lg"
          radius="xl"
          aria-label={label}
          data-testid="bell"
          data-count={unread}
        >
          <IconBell size={20} stroke={1.6} />
        </ActionIcon>
      </Indicator>
    </Tooltip>
  );
}

// Sidebar: the same count beside "Inbox".
export function InboxBadge() {
  const { workspace } = useWorkspace();
  const unread = useUnreadCount(workspace?.gid).data ?? 0;
  if (unread === 0) return null;
  return (
    <Badge size="sm" radius="xl" variant="filled" data-testid="inbox-badge">
      {shown(unread)}
    </Badge>
  );
}
