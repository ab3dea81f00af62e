import { z } from "zod";

// A gid: Takt's ids are 64-bit integers sent as decimal strings, as Asana's are.
export const Gid = z
  .string()
  .regex(/^\d{1,19}$/, "must be a gid (a string of digits)")
  .meta({ id: "Gid", description: "Globally unique identifier of a resource, as a string of digits." });
export type Gid = z.infer<typeof Gid>;
