import { ServerEmail, ServerEmailTest, ServerEmailTestBody } from "@takt/contracts";
import type { FastifyInstance } from "fastify";
import { sendTestEmail, serverEmailStatus } from "../../domain/server/server-email.use-cases.ts";
import { contract } from "../contract.ts";
import { ctxOf } from "../request.ts";
import { parseData } from "../validation.ts";

// Takt extension: whether this server sends email, and a test message, for server admins.
export async function adminEmailRoutes(app: FastifyInstance) {
  app.get(
    "/admin/email",
    contract({ summary: "Get the server's email settings", response: ServerEmail }),
    async (request) => ({ data: await serverEmailStatus(ctxOf(request), app.takt.config) }),
  );

  app.post(
    "/admin/email/test",
    contract({ summary: "Send a test email", body: ServerEmailTestBody, response: ServerEmailTest }),
    async (request) => {
      const input = parseData(ServerEmailTestBody, request.body ?? { data: {} });
      return { data: await sendTestEmail(ctxOf(request), app.takt.config, request.log, input.to) };
    },
  );
}
