import { registerEventConsumer, registerJobHandler } from "../../jobs/registry.ts";
import { NOTIFY_DELIVER, notificationConsumer } from "./notification.consumer.ts";
import { deliverNotifications, NOTIFY_DIGEST, sendDigest } from "./notification.delivery.ts";

registerEventConsumer(notificationConsumer);
registerJobHandler(NOTIFY_DELIVER, deliverNotifications);
registerJobHandler(NOTIFY_DIGEST, sendDigest);
