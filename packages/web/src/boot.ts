import { readEarly } from "./api/early";
import { ME_READ, SETUP_READ } from "./features/auth/session-reads";
import { readProjectEarly } from "./features/projects/first-screen";

// The first module the page runs, before React and the libraries are evaluated: the reads the first screen waits for
// start now (api/early.ts keeps their answers for the app), and so does the code of a project's page when the
// address is one.
readEarly(SETUP_READ.path);
readEarly(ME_READ.path, ME_READ.query);
const opening = /^\/projects\/(\d+)/.exec(window.location.pathname);
if (opening) {
  readProjectEarly(opening[1]);
  void import("./features/projects/ProjectPage");
}
