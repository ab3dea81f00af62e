import { createHash } from "node:crypto";
import type { ImportsTable } from "../../db/schema.ts";
import { readZip } from "../exporters/zip.ts";
import { markdownToRichText } from "./import.markdown.ts";
import {
  emptyTask,
  ImportInputError,
  type ImportPlan,
  type PlanTask,
  type PlanUser,
  parseJsonFile,
  text,
} from "./import.plan.ts";
import { type ImportProblem, problem } from "./import.problems.ts";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);

// A chat's talk as tasks: one task per thread (Slack) or topic (a Telegram forum), messages as its comments with
// their authors and dates; talk outside threads goes to one task per channel and day. Keys are the source's
// message ids, so a later export of the same chat adds only the new messages.
export function parseChat(source: ImportsTable["source"], bytes: Uint8Array, fileName: string): ImportPlan {
  if (source === "telegram") return parseTelegram(bytes);
  if (source === "slack") return parseSlack(bytes, fileName);
  throw new ImportInputError("source", "chat_not_chat", { source });
}

const title = (body: string, fallback: string) => {
  const line = body.split("\n").find((part) => part.trim() !== "") ?? "";
  const clean = line.replace(/[*_`~>]/g, "").trim();
  return (clean.length > 80 ? `${clean.slice(0, 79)}…` : clean) || fallback;
};

const jsonOf = (raw: Buffer | Uint8Array, where: string): unknown =>
  parseJsonFile(Buffer.from(raw).toString("utf8"), where);

// Telegram's text: a string, or parts (strings and entities such as bold, link, mention) as Markdown.
function telegramText(value: unknown): string {
  if (typeof value === "string") return value;
  if (!Array.isArray(value)) return "";
  return value
    .map((part) => {
      if (typeof part === "string") return part;
      if (!isObject(part)) return "";
      const body = text(part.text);
      switch (part.type) {
        case "bold":
          return `**${body}**`;
        case "italic":
          return `_${body}_`;
        case "code":
          return `\`${body}\``;
        case "pre":
          return `\n\`\`\`\n${body}\n\`\`\`\n`;
        case "text_link":
          return `[${body}](${text(part.href)})`;
        default:
          return body;
      }
    })
    .join("");
}

const telegramDate = (message: Json) => {
  const unix = Number(message.date_unixtime);
  if (Number.isFinite(unix) && unix > 0) return new Date(unix * 1000).toISOString();
  return typeof message.date === "string" && !Number.isNaN(Date.parse(message.date))
    ? new Date(message.date).toISOString()
    : null;
};

// Telegram Desktop → Export chat history → JSON: result.json of one chat, or the export's folder zipped (result.json
// with its files/ and photos/, which are attached to their messages' tasks).
function parseTelegram(bytes: Uint8Array): ImportPlan {
  let raw: Buffer | Uint8Array = bytes;
  let folder: Map<string, Buffer> | null = null;
  let prefix = "";
  if (Buffer.from(bytes.subarray(0, 4)).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    try {
      folder = readZip(Buffer.from(bytes));
    } catch (error) {
      throw new ImportInputError("file", "damaged_zip", { reason: (error as Error).message });
    }
    const result = [...folder.keys()]
      .filter((name) => (name === "result.json" || name.endsWith("/result.json")) && !name.startsWith("__MACOSX/"))
      .sort((a, b) => a.length - b.length)[0];
    if (!result) throw new ImportInputError("file", "telegram_zip_without_result");
    prefix = result.slice(0, -"result.json".length);
    raw = folder.get(result) ?? Buffer.alloc(0);
  }
  const chat = jsonOf(raw, folder ? "result.json" : "the file");
  if (isObject(chat) && isObject(chat.chats)) {
    throw new ImportInputError("file", "telegram_account_export");
  }
  if (!isObject(chat) || !Array.isArray(chat.messages) || chat.id === undefined) {
    throw new ImportInputError("file", "telegram_not_chat");
  }
  const chatName = text(chat.name, 180) || "Telegram chat";
  const messages = list(chat.messages);
  const byId = new Map(messages.map((message) => [Number(message.id), message]));
  const topics = new Map<number, string>();
  for (const message of messages) {
    if (message.type === "service" && message.action === "topic_created") {
      topics.set(Number(message.id), text(message.title, 200) || "Topic");
    }
  }
  const root = (message: Json): Json => {
    let current = message;
    for (let depth = 0; depth < 1000; depth++) {
      const parent = byId.get(Number(current.reply_to_message_id));
      if (!parent) return current;
      current = parent;
    }
    return current;
  };
  // A root with at least one reply starts a thread.
  const threadSizes = new Map<number, number>();
  for (const message of messages) {
    const id = Number(root(message).id);
    threadSizes.set(id, (threadSizes.get(id) ?? 0) + 1);
  }
  const replied = new Set([...threadSizes].filter(([, size]) => size > 1).map(([id]) => id));
  const users = new Map<string, PlanUser>();
  const tasks = new Map<string, PlanTask>();
  const problems: ImportProblem[] = [];
  for (const message of messages) {
    if (message.type !== "message") continue;
    if (message.id === undefined) {
      problems.push(problem("telegram_message_without_id"));
      continue;
    }
    const created = telegramDate(message);
    const top = root(message);
    const topId = Number(top.id);
    let key: string;
    let name: string;
    if (topics.size > 0) {
      key = topics.has(topId) ? `topic:${topId}` : "topic:general";
      name = topics.get(topId) ?? "General";
    } else if (replied.has(topId)) {
      key = `thread:${topId}`;
      name = title(telegramText(top.text), `Thread of ${created?.slice(0, 10) ?? "an unknown day"}`);
    } else {
      const day = created?.slice(0, 10) ?? "undated";
      key = `day:${day}`;
      name = `${chatName} — ${day}`;
    }
    let task = tasks.get(key);
    if (!task) {
      task = emptyTask(key, name);
      task.sectionKey = "chat";
      tasks.set(key, task);
    }
    const authorId = text(message.from_id ?? message.actor_id, 100);
    const authorName = text(message.from ?? message.actor, 200) || "Deleted account";
    const userKey = authorId ? `user:${authorId}` : null;
    if (userKey && !users.has(userKey)) users.set(userKey, { key: userKey, name: authorName, email: null });
    let body = telegramText(message.text);
    const attached = [message.file, message.photo].filter((item) => typeof item === "string") as string[];
    for (const [index, file] of attached.entries()) {
      const name = file.split("/").pop() ?? file;
      const content = folder?.get(`${prefix}${file}`);
      if (content) {
        task.links.push({ key: `file:${String(message.id)}:${index}`, name, url: null, file: content });
      } else body += `${body ? "\n\n" : ""}📎 ${name}`;
    }
    if (!body.trim()) continue;
    task.comments.push({
      key: `message:${message.id}`,
      authorKey: userKey,
      authorName,
      text: body,
      html: markdownToRichText(body),
      createdAt: created,
    });
  }
  return {
    sourceId: `telegram:${String(chat.id)}`,
    projectName: chatName,
    sections: [{ key: "chat", name: chatName }],
    users: [...users.values()],
    tags: [],
    tasks: [...tasks.values()],
    problems,
    notes: [],
  };
}

// Slack's mrkdwn to Markdown: <@U1> as @name, <url|label> as a link, *bold*, ~strike~.
function slackText(raw: string, names: Map<string, string>): string {
  return raw
    .replace(/<@([A-Z0-9]+)(?:\|[^>]*)?>/g, (_, id: string) => `@${names.get(id) ?? id}`)
    .replace(/<#[A-Z0-9]+\|([^>]+)>/g, "#$1")
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, "[$2]($1)")
    .replace(/<(https?:[^>]+)>/g, "$1")
    .replace(/<!(here|channel|everyone)>/g, "@$1")
    .replace(/(^|\s)\*([^*\n]+)\*(?=\s|$|[.,!?])/g, "$1**$2**")
    .replace(/(^|\s)~([^~\n]+)~(?=\s|$)/g, "$1~~$2~~")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

// Slack: Workspace settings → Import/export data → Export (a zip of users.json, channels.json and channel/day.json).
function parseSlack(bytes: Uint8Array, fileName: string): ImportPlan {
  let files: Map<string, Buffer>;
  try {
    files = readZip(Buffer.from(bytes));
  } catch (error) {
    throw new ImportInputError("file", "slack_not_zip", { reason: (error as Error).message });
  }
  const usersFile = files.get("users.json");
  const channelsFile = files.get("channels.json");
  if (!usersFile || !channelsFile) {
    throw new ImportInputError("file", "slack_missing_files");
  }
  const names = new Map<string, string>();
  const users = new Map<string, PlanUser>();
  for (const user of list(jsonOf(usersFile, "users.json"))) {
    if (typeof user.id !== "string") continue;
    const profile = isObject(user.profile) ? user.profile : {};
    const name = text(profile.real_name ?? user.real_name, 200) || text(user.name, 200) || user.id;
    names.set(user.id, name);
    const email = typeof profile.email === "string" && profile.email.includes("@") ? profile.email.toLowerCase() : null;
    users.set(user.id, { key: `user:${user.id}`, name, email, username: text(user.name, 200) || null });
  }
  const channels = list(jsonOf(channelsFile, "channels.json"));
  const uploads = new Map<string, Buffer>();
  for (const [path, bytes] of files) {
    if (path.endsWith("/") || path.endsWith(".json") || /(^|\/)(__MACOSX\/|\._)/.test(path)) continue;
    const parts = path.split("/");
    const name = parts.at(-1) ?? "";
    const id =
      parts.length > 1 && /^F[A-Z0-9]{6,}$/.test(parts.at(-2) ?? "")
        ? parts.at(-2)
        : /^(F[A-Z0-9]{6,})[-_]/.exec(name)?.[1];
    if (id && !uploads.has(id)) uploads.set(id, bytes);
  }
  const sections: ImportPlan["sections"] = [];
  const tasks = new Map<string, PlanTask>();
  const problems: ImportProblem[] = [];
  const used = new Set<string>();
  for (const channel of channels) {
    const channelName = text(channel.name, 180);
    if (!channelName) continue;
    const channelId = text(channel.id, 100) || channelName;
    sections.push({ key: `channel:${channelId}`, name: `#${channelName}` });
    const days = [...files.keys()]
      .filter((path) => path.startsWith(`${channelName}/`) && path.endsWith(".json"))
      .sort();
    const messages = days.flatMap((path) => {
      const day = jsonOf(files.get(path) ?? Buffer.alloc(0), path);
      if (!Array.isArray(day)) problems.push(problem("slack_not_messages", { path }));
      return list(day);
    });
    for (const message of messages) {
      if (message.type !== "message" || typeof message.ts !== "string") continue;
      if (message.subtype === "channel_join" || message.subtype === "channel_leave") continue;
      const created = new Date(Number(message.ts) * 1000);
      const createdAt = Number.isNaN(created.getTime()) ? null : created.toISOString();
      const thread = typeof message.thread_ts === "string" ? message.thread_ts : null;
      const key = thread ? `thread:${channelId}:${thread}` : `day:${channelId}:${createdAt?.slice(0, 10) ?? "undated"}`;
      let task = tasks.get(key);
      const body = slackText(text(message.text), names);
      if (!task) {
        const name = thread
          ? title(body, `Thread in #${channelName}`)
          : `#${channelName} — ${createdAt?.slice(0, 10) ?? "undated"}`;
        task = emptyTask(key, name);
        task.sectionKey = `channel:${channelId}`;
        tasks.set(key, task);
      }
      const author = typeof message.user === "string" ? users.get(message.user) : undefined;
      if (author) used.add(author.key);
      for (const file of list(message.files)) {
        const url = [file.permalink, file.url_private].find(
          (item) => typeof item === "string" && /^https?:\/\//.test(item),
        );
        if (typeof file.id !== "string" || file.id === "") continue;
        // The file's bytes when the export carries them (exports with files keep each under a folder or name
        // that starts with its id, such as __uploads/F123/brief.pdf); else a link to it in Slack.
        const bytes = uploads.get(file.id);
        if (typeof url !== "string" && !bytes) continue;
        task.links.push({
          key: `file:${file.id}`,
          name: text(file.name ?? file.title, 255) || (typeof url === "string" ? url.slice(0, 255) : file.id),
          url: typeof url === "string" ? url.slice(0, 2048) : null,
          ...(bytes ? { file: bytes } : {}),
        });
      }
      if (!body.trim()) continue;
      task.comments.push({
        key: `message:${channelId}:${message.ts}`,
        authorKey: author?.key ?? null,
        authorName: author?.name ?? (text(message.username, 200) || null),
        text: body,
        html: markdownToRichText(body),
        createdAt,
      });
    }
  }
  if (sections.length === 0) problems.push(problem("slack_no_channel"));
  const ids = channels
    .map((channel) => text(channel.id, 100))
    .sort()
    .join(",");
  return {
    sourceId: `slack:${createHash("sha256").update(ids).digest("hex").slice(0, 32)}`,
    projectName: fileName.replace(/\.zip$/i, "").replace(/ Slack export.*$/i, "") || "Slack",
    sections,
    users: [...users.values()].filter((user) => used.has(user.key)),
    tags: [],
    tasks: [...tasks.values()],
    problems,
    notes: [],
  };
}
