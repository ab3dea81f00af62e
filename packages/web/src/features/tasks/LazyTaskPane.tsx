import { Box, Skeleton, Stack } from "@mantine/core";
import { lazyNamed } from "../../app/lazy";

// The pane's outline while its code (the rich-text editor is most of it) loads on the first task opened.
function TaskPaneSkeleton() {
  return (
    <Box
      w={{ base: "100%", md: 560 }}
      p="lg"
      style={{ borderLeft: "1px solid var(--mantine-color-gray-3)", flexShrink: 0 }}
      data-testid="task-pane-skeleton"
      aria-busy="true"
    >
      <Skeleton height={30} width="70%" mb="lg" radius="sm" />
      <Stack gap="sm">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} height={20} width={`${80 - i * 10}%`} radius="sm" />
        ))}
        <Skeleton height={120} mt="md" radius="sm" />
      </Stack>
    </Box>
  );
}

export const TaskPane = lazyNamed(() => import("./TaskPane"), "TaskPane", <TaskPaneSkeleton />);
