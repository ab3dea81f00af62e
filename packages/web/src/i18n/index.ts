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
type Texts = { [key: string]: string | Texts };
type Load = () => Promise<{ default: unknown }>;
const translations: Record<string, Load> = { ru: () => import("./ru.json") };

// Texts only one page needs load with that page, in both languages (the import page's steps and its 80 problems
// are a tenth of all the texts): see loadPageTexts.
const pageTranslations = {
  imports: { en: () => import("./imports.en.json"), ru: () => import("./imports.ru.json") },
} satisfies Record<string, Record<Language, Load>>;
export type PageTexts = keyof typeof pageTranslations;
const pagesWanted = new Set<PageTexts>();

function merged(into: Texts, from: Texts): Texts {
  const out: Texts = { ...into };
  for (const [key, value] of Object.entries(from)) {
    const there = out[key];
    out[key] = typeof value === "object" && typeof there === "object" ? merged(there, value) : value;
  }
  return out;
}

async function pageTexts(language: string): Promise<Texts> {
  let texts: Texts = {};
  for (const page of pagesWanted) {
    const load = pageTranslations[page][language as Language];
    if (load) texts = merged(texts, (await load()).default as Texts);
  }
  return texts;
}

// A language chosen later arrives with the texts of the pages already opened.
const loadTranslations: BackendModule = {
  type: "backend",
  init() {},
  read(language, _namespace, callback) {
    const load = translations[language];
    Promise.all([load ? load().then((module) => module.default as Texts) : {}, pageTexts(language)]).then(
      ([base, pages]) => callback(null, merged(base, pages)),
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

// The texts of a page, before the page draws (its lazy loader waits for them, app/router.tsx): for every language
// already loaded (English, the fallback, always is); a language loaded later brings them itself (the backend).
export async function loadPageTexts(page: PageTexts): Promise<void> {
  pagesWanted.add(page);
  await i18nReady;
  await Promise.all(
    Object.entries(pageTranslations[page]).map(async ([language, load]) => {
      if (!i18n.hasResourceBundle(language, "translation")) return;
      i18n.addResourceBundle(language, "translation", (await load()).default as Texts, true, true);
    }),
  );
}
