import type { Language } from "@takt/contracts";
import type { FastifyInstance } from "fastify";
import { requireSetupOpen } from "../domain/auth/auth.policy.ts";
import { ApiError } from "../errors.ts";
import { DemoLoadError, loadDemo } from "./load-demo.ts";

let loading = false;

// The setup page's demo: while Takt is not set up, one load at a time; a failure names the failed call, and the
// setup page stays closed after it. Answers the demo's admin, to be signed in.
export async function setUpDemo(app: FastifyInstance, language: Language) {
  await requireSetupOpen(app.takt.db);
  if (loading) throw new ApiError(403, "The demo workspace is already being loaded.");
  loading = true;
  try {
    return (await loadDemo(app, language)).admin;
  } catch (error) {
    if (error instanceof DemoLoadError) throw new ApiError(500, error.message);
    throw error;
  } finally {
    loading = false;
  }
}
