// The session's reads, as addresses: a plain module, so boot.ts can start them before the app's code has run.
export const SETUP_READ = { path: "/setup" };
export const ME_READ = {
  path: "/users/me",
  // With each workspace, what the caller may do in it: the shell offers only what is allowed.
  query: { opt_fields: "name,email,language,photo,workspaces.name,workspaces.permissions,email_notifications" },
};
