import "@mantine/core/styles.css";
import "@mantine/dates/styles.css";
import "@mantine/charts/styles.css";
import "@mantine/notifications/styles.css";
import "@mantine/tiptap/styles.css";
import "./app/styles.css";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { i18nReady } from "./i18n";

// After the texts of the person's language are in (at once for English; one small download otherwise).
i18nReady.finally(() => createRoot(document.getElementById("root") as HTMLElement).render(<App />));
