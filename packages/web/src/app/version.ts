import { useSyncExternalStore } from "react";

declare const __TAKT_BUILD__: string;

// The build this tab runs (vite.config.ts writes the same id to /version.json).
export const BUILD = typeof __TAKT_BUILD__ === "string" ? __TAKT_BUILD__ : "dev";

// How often navigation may ask the server which build it serves.
const CHECK_EVERY_MS = 60_000;

let newer = false;
let lastCheck = 0;
let pending: Promise<boolean> | null = null;
const listeners = new Set<() => void>();

function announce() {
  for (const listener of listeners) listener();
}

/** Asks the server which build it serves; true (and remembered) when it is not the one this tab runs. */
export function checkForNewVersion(force = false): Promise<boolean> {
  if (newer) return Promise.resolve(true);
  if (pending) return pending;
  if (!force && Date.now() - lastCheck < CHECK_EVERY_MS) return Promise.resolve(false);
  lastCheck = Date.now();
  pending = fetch("/version.json", { cache: "no-store", credentials: "same-origin" })
    .then(async (response) => {
      if (!response.ok) return false;
      const served = (await response.json()) as { build?: unknown };
      return typeof served.build === "string" && served.build !== BUILD;
    })
    .catch(() => false)
    .then((found) => {
      pending = null;
      if (found && !newer) {
        newer = true;
        announce();
      }
      return found;
    });
  return pending;
}

/** Whether the server has a newer build than this tab (re-renders when one is found). */
export function useNewVersion(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => newer,
  );
}

/** A code chunk that failed to load: after a rebuild the old chunk names are gone. */
export function isChunkLoadError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error ?? "");
  return /dynamically imported module|Importing a module script failed|Unable to preload CSS|error loading dynamically imported module/i.test(
    message,
  );
}

if (typeof window !== "undefined") {
  // Vite's signal that a chunk's preload failed: look at once.
  window.addEventListener("vite:preloadError", () => void checkForNewVersion(true));
  // Coming back to a tab left open: look again (at most once a minute).
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") void checkForNewVersion();
  });
}
