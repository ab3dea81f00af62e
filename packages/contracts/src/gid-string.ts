import { z } from "zod";

// The gid form the project, section and team endpoints have always checked, with the message their clients see.
// Not exported from the package: new endpoints use the shared `Gid` (common.ts).
export const GidString = z.string().regex(/^[0-9]{1,16}$/, "must be a gid string");
