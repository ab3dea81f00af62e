import { z } from "zod";

const Gid = z.string().min(1).max(40);

export const TAG_COLORS = [
  "dark-pink",
  "dark-green",
  "dark-blue",
  "dark-red",
  "dark-teal",
  "dark-brown",
  "dark-orange",
  "dark-purple",
  "dark-warm-gray",
  "light-pink",
  "light-green",
  "light-blue",
  "light-red",
  "light-teal",
  "light-brown",
  "light-orange",
  "light-purple",
  "light-warm-gray",
] as const;

const Props = {
  name: z.string().trim().min(1).max(200),
  color: z.enum(TAG_COLORS).nullable().optional(),
  notes: z.string().max(65_535).optional(),
  followers: z.array(Gid).max(0, "following tags is not supported").optional(),
};

export const CreateTagBody = z.strictObject({ ...Props, workspace: Gid.optional() });
export const UpdateTagBody = z.strictObject({ ...Props, name: Props.name.optional() });
export const TaskTagBody = z.strictObject({ tag: Gid });
