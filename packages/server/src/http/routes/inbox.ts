import {
  InboxQuery,
  InboxWorkspaceBody,
  NOTIFICATION_CHANGES,
  Notification,
  NotificationParams,
  UnreadCount,
} from "@takt/contracts";
import type { FastifyInstance } from "fastify";
import { presentNotification } from "../../domain/notifications/notification.presenter.ts";
import {
  changeNotification,
  inboxUnreadCount,
  listInbox,
  readWholeInbox,
} from "../../domain/notifications/notification.use-cases.ts";
import { shape } from "../../domain/opt-fields.ts";
import { contract } from "../contract.ts";
import { ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

type NotificationRoute = { Params: { notification_gid: string } };

// The Inbox (Takt extension): each person's own notifications; nobody else's are ever found.
export async function inboxRoutes(app: FastifyInstance) {
  app.get(
    "/inbox",
    contract({ summary: "Get your inbox", query: InboxQuery, response: Notification, list: true }),
    async (request) => {
      const ctx = ctxOf(request);
      const query = parse(InboxQuery, request.query);
      const page = pageOf(request);
      const rows = await listInbox(ctx, query.workspace, query.archived === "true", page.window);
      const optFields = optFieldsOf(request);
      return listed(
        request,
        page,
        rows.map((row) => shape(presentNotification(row), optFields)),
      );
    },
  );

  app.get(
    "/inbox/unread_count",
    contract({ summary: "Count your unread notifications", query: InboxQuery, response: UnreadCount }),
    async (request) => {
      const ctx = ctxOf(request);
      const query = parse(InboxQuery, request.query);
      return { data: { unread_count: await inboxUnreadCount(ctx, query.workspace) } };
    },
  );

  app.post(
    "/inbox/readAll",
    contract({ summary: "Mark your whole inbox read", body: InboxWorkspaceBody, response: UnreadCount }),
    async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(InboxWorkspaceBody, request.body);
      await readWholeInbox(ctx, input.workspace);
      return { data: { unread_count: 0 } };
    },
  );

  for (const change of NOTIFICATION_CHANGES) {
    app.post<NotificationRoute>(
      `/inbox/:notification_gid/${change}`,
      contract({
        summary: `Mark a notification ${change === "read" ? "read" : `${change}d`}`,
        params: NotificationParams,
        response: Notification,
      }),
      async (request) => {
        const ctx = ctxOf(request);
        const gid = gidParam(request.params.notification_gid, "notification");
        const row = await changeNotification(ctx, gid, change);
        return { data: shape(presentNotification(row), optFieldsOf(request)) };
      },
    );
  }
}
