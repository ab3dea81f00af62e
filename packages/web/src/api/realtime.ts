import type { QueryClient } from "@tanstack/react-query";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { API_BASE } from "./client";
import { keys } from "./queries";
import type { RealtimeEvent } from "./types";

// Turns one server event into cache invalidations. Only queries on screen refetch; the rest just go stale.
export function applyEvent(client: QueryClient, event: RealtimeEvent) {
  const { resource, parent } = event;
  switch (resource.resource_type) {
    case "task": {
      client.invalidateQueries({ queryKey: keys.task(resource.gid) });
      client.invalidateQueries({ queryKey: keys.stories(resource.gid) });
      client.invalidateQueries({ queryKey: ["board"] });
      client.invalidateQueries({ queryKey: ["my-tasks"] });
      client.invalidateQueries({ queryKey: ["subtasks"] });
      // Scrum lists (backlog, sprint boards) and their charts follow task changes.
      client.invalidateQueries({ queryKey: ["backlog"] });
      client.invalidateQueries({ queryKey: ["sprint-tasks"] });
      client.invalidateQueries({ queryKey: ["task-scrum", resource.gid] });
      client.invalidateQueries({ queryKey: ["task-time", resource.gid] });
      client.invalidateQueries({ queryKey: ["guest-home"] });
      if (parent?.resource_type === "task") client.invalidateQueries({ queryKey: keys.task(parent.gid) });
      break;
    }
    case "story": {
      if (parent) {
        client.invalidateQueries({ queryKey: keys.stories(parent.gid) });
        client.invalidateQueries({ queryKey: keys.task(parent.gid) });
      }
      client.invalidateQueries({ queryKey: ["board"] });
      client.invalidateQueries({ queryKey: ["guest-home"] });
      break;
    }
    case "section": {
      client.invalidateQueries({ queryKey: ["board"] });
      break;
    }
    case "project": {
      client.invalidateQueries({ queryKey: keys.project(resource.gid) });
      client.invalidateQueries({ queryKey: ["projects"] });
      client.invalidateQueries({ queryKey: ["board", resource.gid] });
      break;
    }
    case "sprint": {
      client.invalidateQueries({ queryKey: ["sprints"] });
      client.invalidateQueries({ queryKey: ["sprint-tasks"] });
      client.invalidateQueries({ queryKey: ["backlog"] });
      client.invalidateQueries({ queryKey: ["burndown"] });
      client.invalidateQueries({ queryKey: ["velocity"] });
      break;
    }
    // Client portal (features/portal, features/inbox).
    case "notification": {
      client.invalidateQueries({ queryKey: ["inbox"] });
      client.invalidateQueries({ queryKey: ["inbox-unread"] });
      break;
    }
    case "attachment": {
      if (parent) client.invalidateQueries({ queryKey: ["attachments", parent.gid] });
      break;
    }
    case "status_update": {
      client.invalidateQueries({ queryKey: ["status-updates"] });
      client.invalidateQueries({ queryKey: ["guest-home"] });
      break;
    }
    case "form": {
      client.invalidateQueries({ queryKey: ["forms"] });
      break;
    }
    // Time tracking (features/time).
    case "time_tracking_entry": {
      if (parent) client.invalidateQueries({ queryKey: ["time-entries", parent.gid] });
      client.invalidateQueries({ queryKey: ["timesheet"] });
      break;
    }
    case "team": {
      client.invalidateQueries({ queryKey: ["teams"] });
      client.invalidateQueries({ queryKey: ["projects"] });
      break;
    }
    default:
      break;
  }
}

// Batches a burst of events (a drag writes several) into one pass per animation frame.
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
      for (const item of events) applyEvent(client, item);
    }, 50);
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
          if (payload.type === "event" && payload.event) push(payload.event as RealtimeEvent);
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
