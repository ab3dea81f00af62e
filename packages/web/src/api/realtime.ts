import type { QueryClient } from "@tanstack/react-query";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { API_BASE } from "./client";
import type { RealtimeEvent } from "./types";

/**
 * What a feature does with the server's live events. Each feature registers its own handler beside its queries
 * (`registerLiveHandler("inbox", { resources: ["notification"], apply })`), so the data a feature caches is kept
 * fresh by the feature that owns it; this module only carries events to them.
 */
export interface LiveHandler {
  // The resource types whose events the handler reads.
  resources: readonly string[];
  // One batch of those events (a burst, e.g. a drag, arrives together), in the order the server sent them.
  apply(client: QueryClient, events: readonly RealtimeEvent[]): void;
}

const handlers = new Map<string, LiveHandler>();

// Registering again under the same name replaces the handler (a module loaded twice, hot reload).
export function registerLiveHandler(name: string, handler: LiveHandler) {
  handlers.set(name, handler);
}

// A handler that only marks queries stale (the ones on screen refetch): for data that is cheap to load again.
export function registerLiveInvalidations(
  name: string,
  resources: readonly string[],
  keysOf: (event: RealtimeEvent) => readonly (readonly unknown[])[],
) {
  registerLiveHandler(name, {
    resources,
    apply(client, events) {
      for (const event of events) for (const queryKey of keysOf(event)) client.invalidateQueries({ queryKey });
    },
  });
}

export function dispatchLiveEvents(client: QueryClient, events: readonly RealtimeEvent[]) {
  for (const handler of handlers.values()) {
    const mine = events.filter((event) => handler.resources.includes(event.resource.resource_type));
    if (mine.length) handler.apply(client, mine);
  }
}

// Batches a burst of events (a drag writes several) into one pass: the server sends the events of one commit
// together, so they are all in once the messages already received have been read (a zero timeout), without the
// frame's wait a longer delay would add to every live change.
function batcher(client: QueryClient) {
  let queue: RealtimeEvent[] = [];
  let scheduled = false;
  return (event: RealtimeEvent) => {
    queue.push(event);
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => {
      const events = queue;
      queue = [];
      scheduled = false;
      // User Timing mark: when a burst of live events arrived (bench/ui.mjs reads it).
      performance.mark("takt:live-events");
      dispatchLiveEvents(client, events);
    }, 0);
  };
}

export function useRealtime(enabled: boolean) {
  const client = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    let socket: WebSocket | null = null;
    let closed = false;
    let attempt = 0;
    let ping: ReturnType<typeof setInterval> | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const push = batcher(client);

    const connect = () => {
      clearInterval(ping);
      const protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
      socket = new WebSocket(`${protocol}//${window.location.host}${API_BASE}/realtime`);
      socket.onopen = () => {
        // Anything may have changed while we were away.
        if (attempt > 0) client.invalidateQueries();
        attempt = 0;
        (window as unknown as { __taktLive?: boolean }).__taktLive = true;
      };
      socket.onmessage = (message) => {
        try {
          const payload = JSON.parse(String(message.data));
          if (payload.type === "event" && payload.event) {
            const event = payload.event as RealtimeEvent;
            push(payload.placement ? { ...event, placement: payload.placement } : event);
          }
        } catch {
          // not ours to read
        }
      };
      socket.onclose = () => {
        (window as unknown as { __taktLive?: boolean }).__taktLive = false;
        if (closed) return;
        attempt += 1;
        retry = setTimeout(connect, Math.min(10_000, 500 * 2 ** attempt));
      };
      ping = setInterval(() => {
        if (socket?.readyState === WebSocket.OPEN) socket.send("ping");
      }, 25_000);
    };
    connect();
    return () => {
      closed = true;
      clearInterval(ping);
      clearTimeout(retry);
      socket?.close();
    };
  }, [enabled, client]);
}
