import type { Db } from "../../db/index.ts";
import { ApiError } from "../../errors.ts";
import { setupNeeded } from "./auth.queries.ts";

// The setup page makes the first workspace and its admin: it is closed once anyone exists.
export async function requireSetupOpen(db: Db): Promise<void> {
  if (!(await setupNeeded(db))) throw new ApiError(403, "Takt is already set up: sign in instead.");
}
