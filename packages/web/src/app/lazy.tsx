import { Box, Skeleton, Stack } from "@mantine/core";
import { type ComponentType, createElement, type ReactNode, useEffect, useReducer } from "react";

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
 *
 * Not React.lazy: a lazy component suspends on its first render even when its chunk is already there (a project's
 * page is fetched by the boot module before React starts), and React holds back the content that replaces a
 * Suspense fallback until 300 ms after that fallback was shown, which the first screen of a board waited out with
 * nothing to do. Here a component whose chunk has arrived renders at once, and one still loading shows `fallback`
 * and renders when its chunk arrives (a state update, not held back). A chunk that fails to load throws in render, so
 * the route's error page says what happened.
 */
export function lazyNamed<M, K extends keyof M>(load: () => Promise<M>, name: K, fallback: ReactNode = null): M[K] {
  let loaded: ComponentType<any> | undefined;
  let failed: unknown;
  let loading: Promise<void> | undefined;
  const start = () => {
    loading ??= load()
      .then((module) => {
        // A chunk whose load failed after the new-version notice took it over arrives as nothing.
        const component = (module as M | undefined)?.[name];
        if (!component) throw new Error(`${String(name)} did not load`);
        loaded = component as ComponentType<any>;
      })
      .catch((error: unknown) => {
        // Kept: every render throws it (React renders again once before it shows the error page), and the error
        // page's reload fetches the app anew.
        failed = error;
      });
    return loading;
  };
  // Props pass through unchanged (any): the caller sees the component's own type, M[K].
  function LazyComponent(props: any) {
    const [, arrived] = useReducer((count: number) => count + 1, 0);
    useEffect(() => {
      if (loaded) return;
      let live = true;
      void start().then(() => {
        if (live) arrived();
      });
      return () => {
        live = false;
      };
    }, []);
    if (loaded) return createElement(loaded, props);
    if (failed) throw failed;
    return fallback;
  }
  LazyComponent.displayName = `Lazy(${String(name)})`;
  // Starts loading before the first render (a route whose page the address already names).
  LazyComponent.preload = () => void start();
  return LazyComponent as M[K];
}

/** A route page loaded on first use, in its own chunk: `lazyPage(() => import("../features/x/XPage"), "XPage")`. */
export function lazyPage<M, K extends keyof M>(load: () => Promise<M>, name: K): ComponentType & { preload(): void } {
  return lazyNamed(load, name, <PageSkeleton />) as ComponentType & { preload(): void };
}
