// First: the reads of the first screen start before the libraries below are evaluated (see boot.ts).
import "./boot";
import "@mantine/core/styles.css";
import "@mantine/dates/styles.css";
import "@mantine/charts/styles.css";
import "@mantine/notifications/styles.css";
import "@mantine/tiptap/styles.css";
import "./app/styles.css";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { i18nReady } from "./i18n";

// After the texts of the person's language are in (at once for English; one small download otherwise). The first
// render is an ordinary one: the page's frame is cheap (the shell defers its menus, see Shell.tsx), and a render
// interrupted by the data the prefetch (App.tsx) brings in would be done again from the start.
i18nReady.finally(() => {
  const root = createRoot(document.getElementById("root") as HTMLElement);
  root.render(<App />);
});
