// Every resource the API answers, as Zod schemas (the OpenAPI document's components) and inferred types.
export * from "./attachment.ts";
export * from "./custom-field.ts";
export * from "./event.ts";
export * from "./integration.ts";
export * from "./people.ts";
export * from "./project.ts";
export * from "./rule.ts";
export * from "./shared.ts";
export * from "./sprint.ts";
export * from "./story.ts";
export * from "./tag.ts";
export * from "./task.ts";
export * from "./template.ts";
export * from "./work.ts";
export * from "./workspace.ts";
