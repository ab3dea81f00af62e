import dayjs from "dayjs";
import "dayjs/locale/ru";
import calendar from "dayjs/plugin/calendar";
import localizedFormat from "dayjs/plugin/localizedFormat";
import relativeTime from "dayjs/plugin/relativeTime";
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en.json";
import ru from "./ru.json";

dayjs.extend(relativeTime);
dayjs.extend(localizedFormat);
dayjs.extend(calendar);

export const LANGUAGES = [
  { value: "en", label: "English" },
  { value: "ru", label: "Русский" },
] as const;
export type Language = (typeof LANGUAGES)[number]["value"];

export const resources = { en: { translation: en }, ru: { translation: ru } };

function initialLanguage(): Language {
  const stored = typeof localStorage !== "undefined" ? localStorage.getItem("takt.language") : null;
  if (stored === "en" || stored === "ru") return stored;
  const browser = typeof navigator !== "undefined" ? navigator.language : "en";
  return browser.toLowerCase().startsWith("ru") ? "ru" : "en";
}

i18n.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: "en",
  interpolation: { escapeValue: false },
  returnNull: false,
});
dayjs.locale(i18n.language);

export function setLanguage(language: Language) {
  localStorage.setItem("takt.language", language);
  dayjs.locale(language);
  document.documentElement.lang = language;
  return i18n.changeLanguage(language);
}

export default i18n;
