// display_value of a number field, as Asana formats it: precision places, percentages as fractions
// (0.25 → "25%"), currencies by ISO code, durations in minutes ("2h 30m").
export interface NumberFormat {
  precision: number | null;
  format: string;
  currency_code: string | null;
  custom_label?: string | null;
  custom_label_position?: string | null;
}

export function formatDuration(minutes: number): string {
  const sign = minutes < 0 ? "-" : "";
  const total = Math.round(Math.abs(minutes));
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  if (hours === 0) return `${sign}${rest}m`;
  return rest === 0 ? `${sign}${hours}h` : `${sign}${hours}h ${rest}m`;
}

// Intl.NumberFormat is costly to build (it dominated presenting a page of currency values): one per
// currency and precision, kept for the process's life (a workspace has a handful of them).
const currencyFormats = new Map<string, Intl.NumberFormat>();

function currencyFormat(currency: string, precision: number): Intl.NumberFormat {
  const key = `${currency}:${precision}`;
  let format = currencyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat("en-US", {
      style: "currency",
      currency,
      minimumFractionDigits: precision,
      maximumFractionDigits: precision,
    });
    currencyFormats.set(key, format);
  }
  return format;
}

export function formatNumber(value: number, field: NumberFormat): string {
  const precision = field.precision ?? 0;
  switch (field.format) {
    case "percentage":
      return `${(value * 100).toFixed(precision)}%`;
    case "currency":
      try {
        return currencyFormat(field.currency_code ?? "USD", precision).format(value);
      } catch {
        return `${value.toFixed(precision)} ${field.currency_code ?? ""}`.trim();
      }
    case "duration":
      return formatDuration(value);
    case "custom": {
      const text = value.toFixed(precision);
      if (!field.custom_label) return text;
      return field.custom_label_position === "prefix" ? `${field.custom_label}${text}` : `${text}${field.custom_label}`;
    }
    default:
      return value.toFixed(precision);
  }
}
