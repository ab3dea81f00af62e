import { Avatar, Tooltip } from "@mantine/core";

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
  if (!user) return null;
  const avatar = (
    <Avatar size={size} radius="xl" color={colorOf(user.gid)} variant="filled" aria-label={user.name}>
      <span style={{ fontSize: Math.max(9, size * 0.4) }}>{initials(user.name)}</span>
    </Avatar>
  );
  return tooltip ? <Tooltip label={user.name}>{avatar}</Tooltip> : avatar;
}
