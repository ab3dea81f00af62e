import type { NewProject } from "./mutations";

// Asana's project colour names, drawn with our palette.
const COLORS: Record<string, string> = {
  "dark-pink": "#e8384f",
  "dark-green": "#3f8a4e",
  "dark-blue": "#4573d2",
  "dark-red": "#c2410c",
  "dark-teal": "#2a9d8f",
  "dark-brown": "#8d6e63",
  "dark-orange": "#ea7a3f",
  "dark-purple": "#7b61c9",
  "dark-warm-gray": "#8a8079",
  "light-pink": "#f0a3c1",
  "light-green": "#8bcf94",
  "light-blue": "#8fb7f2",
  "light-red": "#f49a8d",
  "light-teal": "#8ad7cc",
  "light-brown": "#c6a89b",
  "light-orange": "#f7bd80",
  "light-purple": "#bda9f0",
  "light-warm-gray": "#c3bcb7",
};

export const PROJECT_COLORS = [
  "dark-blue",
  "dark-teal",
  "dark-green",
  "dark-orange",
  "dark-pink",
  "dark-purple",
] as const satisfies readonly NonNullable<NewProject["color"]>[];

export function projectColor(name: string | null | undefined): string {
  return (name && COLORS[name]) || "#9aa4b2";
}
