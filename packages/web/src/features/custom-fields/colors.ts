import type { EnumOptionColor } from "@takt/contracts";
// Asana's option colours (the contract's names), drawn as Mantine-friendly hex.
export const OPTION_COLORS: Record<EnumOptionColor, string> = {
  red: "#e8384f",
  orange: "#fd612c",
  "yellow-orange": "#fd9a00",
  yellow: "#eec300",
  "yellow-green": "#a4cf30",
  green: "#62d26f",
  "blue-green": "#37c5ab",
  aqua: "#20aaea",
  blue: "#4186e0",
  indigo: "#7a6ff0",
  purple: "#aa62e3",
  magenta: "#e362e3",
  "hot-pink": "#ea4e9d",
  pink: "#fc91ad",
  "cool-gray": "#8da3a6",
  none: "#c7cdd3",
};

export const COLOR_NAMES = (Object.keys(OPTION_COLORS) as EnumOptionColor[]).filter((name) => name !== "none");

export function optionColor(color: string | null | undefined): string {
  return OPTION_COLORS[(color ?? "none") as EnumOptionColor] ?? OPTION_COLORS.none;
}

// Readable text on a coloured chip: dark on light colours, white on the rest.
export function textOn(color: string | null | undefined): string {
  return ["yellow", "yellow-green", "yellow-orange", "pink", "none", "green", "aqua"].includes(color ?? "none")
    ? "#1f2933"
    : "#ffffff";
}
