// Every area that runs background work registers it here, so a worker knows every job kind.
import "../integrations/webhooks/webhook.jobs.ts";
