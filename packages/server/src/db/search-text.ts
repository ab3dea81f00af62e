import type SQLite from "better-sqlite3";
import snowball from "snowball-stemmers";

// Word forms for full-text search on SQLite (PostgreSQL stems with its own `russian` configuration, which hands
// Latin words to the English stemmer): Snowball's Russian stemmer for Cyrillic words, its English one otherwise,
// so "роботов", "робота" and "робот" are one term, as are "pages" and "page".
const russian = snowball.newStemmer("russian");
const english = snowball.newStemmer("english");
const CYRILLIC = /\p{Script=Cyrillic}/u;
const WORDS = /[\p{L}\p{N}]+/gu;

// Stemming costs microseconds a word and task text repeats its words: remember recent ones.
const CACHE_SIZE = 20_000;
const cache = new Map<string, string>();

// The stem of one lowercased word. "ё" is folded to "е" first, as PostgreSQL's Russian stemmer does.
export function stem(word: string): string {
  let found = cache.get(word);
  if (found === undefined) {
    const folded = word.replaceAll("ё", "е");
    found = CYRILLIC.test(folded) ? russian.stem(folded) : english.stem(folded);
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(word, found);
  }
  return found;
}

// What the SQLite index holds for a text: the text itself (its words as written, for prefix matches while the
// person types: "landi" must still find "landing", whose stem is "land") and then each stem that differs from
// its word (so a query's stem finds every form).
export function searchDocument(text: string | null): string {
  if (!text) return "";
  const stems = new Set<string>();
  for (const word of text.toLowerCase().match(WORDS) ?? []) {
    const root = stem(word);
    if (root !== word) stems.add(root);
  }
  return stems.size ? `${text}\n${[...stems].join(" ")}` : text;
}

// The SQL function the search index's triggers call (migration 0025). Every connection that writes tasks or
// comments registers it; a connection without it (the sqlite3 shell) can read but not change them.
export function registerSearchFunctions(sqlite: SQLite.Database): void {
  sqlite.function("takt_search_text", { deterministic: true }, (text: unknown) =>
    searchDocument(typeof text === "string" ? text : null),
  );
}
