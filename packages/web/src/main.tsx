import "@mantine/core/styles.css";
import "@mantine/dates/styles.css";
import "@mantine/charts/styles.css";
import "@mantine/notifications/styles.css";
import "@mantine/tiptap/styles.css";
import "./app/styles.css";
import { startTransition } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { i18nReady } from "./i18n";

// After the texts of the person's language are in (at once for English; one small download otherwise). The first
// render is a transition, so React yields between components and the data requests started by the prefetch (App.tsx)
// go on while the shell renders.
i18nReady.finally(() => {
  const root = createRoot(document.getElementById("root") as HTMLElement);
  startTransition(() => root.render(<App />));
});
