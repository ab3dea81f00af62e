import { z } from "zod";

// A gid: Takt's ids are 64-bit integers sent as decimal strings, as Asana's are.
export const Gid = z
  .string()
  .regex(/^\d{1,19}$/, "must be a gid (a string of digits)")
  .meta({ id: "Gid", description: "Globally unique identifier of a resource, as a string of digits." });
export type Gid = z.infer<typeof Gid>;

export const Language = z.enum(["en", "ru"]);
export type Language = z.infer<typeof Language>;

// Asana's date (YYYY-MM-DD) that is also a real calendar day.
export const DateOnly = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a valid date in the form YYYY-MM-DD")
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, "must be a valid date in the form YYYY-MM-DD (a real calendar day)");
