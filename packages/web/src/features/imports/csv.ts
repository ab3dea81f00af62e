// Reads the header row of a CSV in the browser, the way the server's importer does: commas, or semicolons when the
// first line has more of them (Excel in many locales); quoted fields may hold separators, "" and line breaks.
export function csvHeader(source: string): string[] {
  const input = source.replace(/^\uFEFF/, "");
  const firstLine = input.slice(0, Math.max(0, input.search(/\r?\n|$/)));
  const separator = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let index = 0; index < input.length; index++) {
    const char = input[index];
    if (quoted) {
      if (char === '"' && input[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === separator) {
      cells.push(cell);
      cell = "";
    } else if (char === "\n" || char === "\r") break;
    else cell += char;
  }
  cells.push(cell);
  return cells.map((name) => name.trim()).filter((name, index, all) => name !== "" || index < all.length - 1);
}

export const MAPPING_FIELDS = [
  "name",
  "section",
  "assignee",
  "due_on",
  "start_on",
  "notes",
  "tags",
  "completed",
] as const;
export type MappingField = (typeof MAPPING_FIELDS)[number];
export type Mapping = Partial<Record<MappingField, string>>;

const GUESSES: Record<MappingField, string[]> = {
  name: ["name", "task", "task name", "title", "название", "задача"],
  section: ["section", "section/column", "stage", "column", "list", "раздел", "этап"],
  assignee: ["assignee", "assignee email", "owner", "owner email", "исполнитель"],
  due_on: ["due_on", "due date", "due", "deadline", "срок"],
  start_on: ["start_on", "start date", "начало"],
  notes: ["notes", "description", "описание", "заметки"],
  tags: ["tags", "labels", "метки", "теги"],
  completed: ["completed", "done", "status", "выполнено"],
};

// A first guess at the mapping from the header's names; the person corrects it with the selects.
export function guessMapping(header: string[]): Mapping {
  const mapping: Mapping = {};
  const used = new Set<string>();
  for (const field of MAPPING_FIELDS) {
    const column = header.find((name) => !used.has(name) && GUESSES[field].includes(name.toLowerCase()));
    if (column) {
      mapping[field] = column;
      used.add(column);
    }
  }
  return mapping;
}

// Bytes → base64 without spreading a large array into String.fromCharCode.
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let index = 0; index < bytes.length; index += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  }
  return btoa(binary);
}
