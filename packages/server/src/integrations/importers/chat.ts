import type { ImportsTable } from "../../db/schema.ts";
import { ImportInputError, type ImportPlan } from "./import.plan.ts";

export function parseChat(source: ImportsTable["source"], _bytes: Uint8Array, _fileName: string): ImportPlan {
  throw new ImportInputError("source", `${source} is not a file import`);
}
