import { z } from "zod";
import { Gid, Language } from "./common.ts";

// Setting Takt up, signing in and out, personal access tokens, and passwords.

const Email = z.string().trim().toLowerCase().email().max(320);
export const NewPassword = z.string().min(8, "must be at least 8 characters").max(200);

// The first run: a demo workspace, or the first workspace and its admin.
export const SetupBody = z.union([
  z.strictObject({ demo: z.literal(true), language: Language.default("en") }),
  z.strictObject({
    workspace_name: z.string().trim().min(1).max(200),
    name: z.string().trim().min(1).max(200),
    email: Email,
    password: NewPassword,
    language: Language.default("en"),
  }),
]);
export type SetupBody = z.infer<typeof SetupBody>;

export const LoginBody = z.strictObject({ email: z.string().min(1).max(320), password: z.string().min(1).max(200) });
export type LoginBody = z.infer<typeof LoginBody>;

export const AccessTokenBody = z.strictObject({ name: z.string().trim().min(1).max(100) });
export type AccessTokenBody = z.infer<typeof AccessTokenBody>;

export const AccessTokenParams = z.object({ token_gid: Gid });

export const PasswordResetRequestBody = z.strictObject({ email: z.string().trim().min(1).max(320) });
export type PasswordResetRequestBody = z.infer<typeof PasswordResetRequestBody>;

export const PasswordResetConfirmBody = z.strictObject({ token: z.string().min(1).max(200), password: NewPassword });
export type PasswordResetConfirmBody = z.infer<typeof PasswordResetConfirmBody>;

export const ChangePasswordBody = z.strictObject({
  current_password: z.string().min(1).max(200),
  new_password: NewPassword,
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;
