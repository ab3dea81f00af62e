import dayjs from "dayjs";
import "dayjs/locale/ru";
import calendar from "dayjs/plugin/calendar";
import localizedFormat from "dayjs/plugin/localizedFormat";
import relativeTime from "dayjs/plugin/relativeTime";
import i18n, { type BackendModule } from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en.json";

dayjs.extend(relativeTime);
dayjs.extend(localizedFormat);
dayjs.extend(calendar);

export const LANGUAGES = [
  { value: "en", label: "English" },
  { value: "ru", label: "Русский" },
] as const;
export type Language = (typeof LANGUAGES)[number]["value"];

// English is built in (it is also the fallback); other languages load when chosen, so a person downloads one.
export const resources = { en: { translation: en } };
const translations: Record<string, () => Promise<{ default: unknown }>> = { ru: () => import("./ru.json") };

const loadTranslations: BackendModule = {
  type: "backend",
  init() {},
  read(language, _namespace, callback) {
    const load = translations[language];
    if (!load) return callback(null, {});
    load().then(
      (module) => callback(null, module.default as Record<string, string>),
      (error) => callback(error, null),
    );
  },
};

function initialLanguage(): Language {
  const stored = typeof localStorage !== "undefined" ? localStorage.getItem("takt.language") : null;
  if (stored === "en" || stored === "ru") return stored;
  const browser = typeof navigator !== "undefined" ? navigator.language : "en";
  return browser.toLowerCase().startsWith("ru") ? "ru" : "en";
}

const startLanguage = initialLanguage();

// Resolves once the starting language's texts are there (main.tsx renders after it).
export const i18nReady = i18n
  .use(loadTranslations)
  .use(initReactI18next)
  .init({
    resources,
    partialBundledLanguages: true,
    lng: startLanguage,
    fallbackLng: "en",
    interpolation: { escapeValue: false },
    returnNull: false,
    // No sponsor message in the console of every page.
    showSupportNotice: false,
  });
dayjs.locale(startLanguage);
// Screen readers pick their voice from the page's language.
if (typeof document !== "undefined") document.documentElement.lang = startLanguage;

export function setLanguage(language: Language) {
  localStorage.setItem("takt.language", language);
  dayjs.locale(language);
  document.documentElement.lang = language;
  return i18n.changeLanguage(language);
}

export default i18n;
