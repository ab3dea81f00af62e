import type { CustomField, FieldValue } from "./types";
import { subtypeOf } from "./types";

// Minutes as "1h 30m" (durations are stored in minutes, as Asana does).
export function formatDuration(minutes: number): string {
  const sign = minutes < 0 ? "-" : "";
  const total = Math.round(Math.abs(minutes));
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  if (!hours) return `${sign}${rest}m`;
  return rest ? `${sign}${hours}h ${rest}m` : `${sign}${hours}h`;
}

// "1h 30m", "90m", "1.5h", "90" → minutes; null when unreadable.
export function parseDuration(text: string): number | null {
  const value = text.trim().toLowerCase();
  if (!value) return null;
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  const match = value.match(/^(?:(\d+(?:\.\d+)?)\s*(?:h|ч))?\s*(?:(\d+)\s*(?:m|м|min|мин))?$/);
  if (!match || (!match[1] && !match[2])) return null;
  return Math.round(Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0));
}

export function formatNumber(field: CustomField, value: number, locale = "en"): string {
  const precision = field.precision ?? 0;
  switch (field.format) {
    case "percentage":
      return `${new Intl.NumberFormat(locale, { minimumFractionDigits: precision, maximumFractionDigits: precision }).format(value * 100)}%`;
    case "currency":
      try {
        return new Intl.NumberFormat(locale, {
          style: "currency",
          currency: field.currency_code || "USD",
          minimumFractionDigits: precision,
          maximumFractionDigits: precision,
        }).format(value);
      } catch {
        return `${value.toFixed(precision)} ${field.currency_code ?? ""}`.trim();
      }
    case "duration":
      return formatDuration(value);
    default:
      return new Intl.NumberFormat(locale, {
        minimumFractionDigits: precision,
        maximumFractionDigits: precision,
      }).format(value);
  }
}

export const SECRET_MASK = "••••••••";

// What a cell shows: formatted locally when we can, else the server's display_value.
export function displayOf(value: FieldValue | undefined, locale = "en"): string | null {
  if (!value) return null;
  switch (subtypeOf(value)) {
    case "number":
      return typeof value.number_value === "number" ? formatNumber(value, value.number_value, locale) : null;
    case "text":
      return value.text_value || null;
    case "enum":
      return value.enum_value?.name ?? null;
    case "multi_enum":
      return value.multi_enum_values?.length ? value.multi_enum_values.map((option) => option.name).join(", ") : null;
    case "date":
      return value.date_value?.date ?? null;
    case "people":
      return value.people_value?.length ? value.people_value.map((person) => person.name).join(", ") : null;
    case "secret":
      return isSet(value) ? SECRET_MASK : null;
    default:
      return value.display_value ?? null;
  }
}

export function isSet(value: FieldValue | undefined): boolean {
  if (!value) return false;
  switch (subtypeOf(value)) {
    case "number":
      return typeof value.number_value === "number";
    case "text":
      return !!value.text_value;
    case "enum":
      return !!value.enum_value;
    case "multi_enum":
      return !!value.multi_enum_values?.length;
    case "date":
      return !!value.date_value?.date;
    case "people":
      return !!value.people_value?.length;
    case "secret":
      return (
        value.is_set ??
        (value.display_value !== null && value.display_value !== undefined && value.display_value !== "")
      );
    default:
      return value.display_value != null;
  }
}

// A comparable key for sorting by a field; null sorts last.
export function sortKeyOf(value: FieldValue | undefined): string | number | null {
  if (!value || !isSet(value)) return null;
  switch (subtypeOf(value)) {
    case "number":
      return value.number_value ?? null;
    case "enum": {
      const index = value.enum_options?.findIndex((option) => option.gid === value.enum_value?.gid) ?? -1;
      return index >= 0 ? index : (value.enum_value?.name ?? null);
    }
    case "date":
      return value.date_value?.date ?? null;
    case "secret":
      return null;
    default:
      return displayOf(value)?.toLowerCase() ?? null;
  }
}
