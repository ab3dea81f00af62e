import { registerEventConsumer, registerJobHandler } from "../../jobs/registry.ts";
import { flushWebhook } from "./webhook.delivery.ts";
import { WEBHOOK_FLUSH, webhookDispatcher } from "./webhook.dispatcher.ts";

registerEventConsumer(webhookDispatcher);
registerJobHandler(WEBHOOK_FLUSH, flushWebhook);
