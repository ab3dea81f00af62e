import { Box, Skeleton, Stack } from "@mantine/core";
import { type ComponentType, lazy, type ReactNode, Suspense } from "react";

// A page skeleton shown while a route's code chunk loads: the shape of a page header and a few rows.
export function PageSkeleton() {
  return (
    <Box p="lg" data-testid="page-skeleton" aria-busy="true">
      <Skeleton height={28} width={260} mb="lg" radius="sm" />
      <Stack gap="sm">
        {[0, 1, 2, 3, 4, 5].map((i) => (
          <Skeleton key={i} height={18} width={`${90 - i * 8}%`} radius="sm" />
        ))}
      </Stack>
    </Box>
  );
}

/**
 * A component loaded on first use, in its own chunk: `lazyNamed(() => import("./Heavy"), "Heavy", <Skeleton />)` has
 * Heavy's own type and renders `fallback` until the chunk has arrived. For code that is big and not needed on the first
 * screen (the rich-text editor, charts, calendar, timeline, dialogs).
 */
export function lazyNamed<M, K extends keyof M>(load: () => Promise<M>, name: K, fallback: ReactNode = null): M[K] {
  // Props pass through unchanged (any): the caller sees the component's own type, M[K].
  const Lazy = lazy(() => load().then((module) => ({ default: module[name] as ComponentType<any> })));
  function LazyComponent(props: any) {
    return (
      <Suspense fallback={fallback}>
        <Lazy {...props} />
      </Suspense>
    );
  }
  LazyComponent.displayName = `Lazy(${String(name)})`;
  return LazyComponent as M[K];
}

/** A route page loaded on first use, in its own chunk: `lazyPage(() => import("../features/x/XPage"), "XPage")`. */
export function lazyPage<M, K extends keyof M>(load: () => Promise<M>, name: K): ComponentType {
  return lazyNamed(load, name, <PageSkeleton />) as ComponentType;
}
