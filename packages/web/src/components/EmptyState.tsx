import { Stack, Text, ThemeIcon } from "@mantine/core";
import type { Icon } from "@tabler/icons-react";
import type { ReactNode } from "react";

export function EmptyState({
  icon: IconComponent,
  title,
  text,
  action,
}: {
  icon: Icon;
  title: string;
  text?: string;
  action?: ReactNode;
}) {
  return (
    <Stack align="center" gap={6} py={48} px="md" ta="center" data-testid="empty-state">
      <ThemeIcon size={48} radius="xl" variant="light" color="takt">
        <IconComponent size={24} stroke={1.6} />
      </ThemeIcon>
      <Text fw={600} mt="xs">
        {title}
      </Text>
      {text && (
        <Text size="sm" c="dimmed" maw={420}>
          {text}
        </Text>
      )}
      {action && <div style={{ marginTop: 8 }}>{action}</div>}
    </Stack>
  );
}
