// Every area that runs background work registers it here, so a worker knows every job kind.
import "../integrations/webhooks/webhook.jobs.ts";
import "../domain/recurrence/recurrence.jobs.ts";
import "../domain/notifications/notification.jobs.ts";
import "../domain/templates/template.jobs.ts";
import "../domain/rules/rule.jobs.ts";
import "../integrations/importers/import.jobs.ts";
import "../integrations/exporters/workspace-export.jobs.ts";
// Hourly purge of finished jobs and old webhook deliveries.
import "./retention.ts";
// Test-only kinds, inert unless TAKT_TEST_JOB_KINDS=1.
import "./test-jobs.ts";
