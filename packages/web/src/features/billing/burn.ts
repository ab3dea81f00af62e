import { formatMinutes } from "../time/duration";

export interface Burn {
  budget_type: "time" | "cost";
  total: number | null;
  actual: number;
  units: string;
}

const money = (value: number, currency: string) => `${Math.round(value).toLocaleString()} ${currency}`;

export function burnText(burn: Burn) {
  const show = (value: number) => (burn.budget_type === "time" ? formatMinutes(value) : money(value, burn.units));
  return burn.total === null ? show(burn.actual) : `${show(burn.actual)} / ${show(burn.total)}`;
}

export function burnPercent(burn: Burn) {
  return burn.total ? Math.round((burn.actual / burn.total) * 100) : 0;
}

export const burnColor = (percent: number) => (percent >= 100 ? "red" : percent >= 80 ? "yellow" : "teal");
