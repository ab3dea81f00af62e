import { Avatar, Tooltip } from "@mantine/core";
import { useState } from "react";

const COLORS = ["blue", "cyan", "teal", "green", "lime", "orange", "red", "pink", "grape", "violet", "indigo"];

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return "?";
  return ((parts[0][0] ?? "") + (parts.length > 1 ? (parts[parts.length - 1][0] ?? "") : "")).toUpperCase();
}

export function colorOf(key: string): string {
  let hash = 0;
  for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return COLORS[Math.abs(hash) % COLORS.length];
}

export function UserAvatar({
  user,
  size = 24,
  tooltip = false,
}: {
  user: { gid: string; name: string } | null | undefined;
  size?: number;
  tooltip?: boolean;
}) {
  // The tooltip is mounted on the first hover or focus: a board shows dozens of avatars, and a mounted tooltip
  // (floating-ui positioning) costs far more to render than the avatar itself.
  const [armed, setArmed] = useState(false);
  if (!user) return null;
  const avatar = (
    <Avatar
      size={size}
      radius="xl"
      color={colorOf(user.gid)}
      variant="filled"
      // An image named by the person; the initials are drawn by CSS so they are not read (or matched) as a name.
      role="img"
      aria-label={user.name}
      onMouseEnter={tooltip && !armed ? () => setArmed(true) : undefined}
      onFocus={tooltip && !armed ? () => setArmed(true) : undefined}
    >
      <span
        className="takt-initials"
        data-initials={initials(user.name)}
        style={{ fontSize: Math.max(9, size * 0.4) }}
      />
    </Avatar>
  );
  return tooltip && armed ? (
    <Tooltip label={user.name} defaultOpened>
      {avatar}
    </Tooltip>
  ) : (
    avatar
  );
}
