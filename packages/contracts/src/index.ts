// Administration: people, deactivation, project stages.
export * from "./admin.ts";
export * from "./attachments.ts";
export * from "./audit-log.ts";
export * from "./auth.ts";
export * from "./billing.ts";
export * from "./common.ts";
export * from "./crm.ts";
export * from "./custom-fields.ts";
export * from "./events.ts";
export * from "./forms.ts";
export * from "./goals.ts";
export * from "./imports.ts";
export * from "./inbox.ts";
export * from "./invitations.ts";
export * from "./jobs.ts";
// Out-of-office entries.
export * from "./ooo-entries.ts";
export * from "./parity.ts";
// Goal stories and custom fields, portfolio duplication, project portfolio settings, graph and resource exports.
export * from "./parity-leftovers.ts";
export * from "./permissions.ts";
export * from "./portfolios.ts";
export * from "./projects.ts";
export * from "./recurrence.ts";
export * from "./reports.ts";
export * from "./resources/index.ts";
export * from "./rules.ts";
export * from "./search.ts";
export * from "./sections.ts";
// Server email status and test message (admin area).
export * from "./server-email.ts";
export * from "./sprints.ts";
export * from "./status-updates.ts";
export * from "./stories.ts";
export * from "./tags.ts";
export * from "./tasks.ts";
export * from "./teams.ts";
export * from "./templates.ts";
export * from "./time.ts";
export * from "./user-task-lists.ts";
export * from "./users.ts";
export * from "./webhooks.ts";
export * from "./workspaces.ts";
