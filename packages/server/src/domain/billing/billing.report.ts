import type { Db } from "../../db/index.ts";
import { mondayOf } from "./billing.dates.ts";
import { minutesByProjectAndUser, rateBook } from "./billing.queries.ts";

export interface BillingRow {
  project_gid: number;
  project_name: string;
  user_gid: number;
  user_name: string;
  minutes: number;
  rate: number | null;
  currency_code: string | null;
  amount: number | null;
  non_billable_minutes: number;
}

export function monthRange(month: string): { from: string; to: string } {
  const [year, index] = month.split("-").map(Number);
  const last = new Date(Date.UTC(year, index, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, "0")}` };
}

// Approved billable time of a month: time logged on the workspace's projects, in weeks a lead approved, per
// project and person, priced at the rate that bills it. Time in weeks not approved yet is counted apart, and so is
// approved time that does not bill (a non-billable entry or category): it is shown, never priced.
export async function billingReport(db: Db, workspaceGid: number, month: string) {
  const range = monthRange(month);
  const projects = await db
    .selectFrom("projects")
    .select(["gid", "name"])
    .where("workspace_gid", "=", workspaceGid)
    .execute();
  const names = new Map(projects.map((project) => [project.gid, project.name]));
  const approved = await db
    .selectFrom("timesheet_approval_statuses")
    .select(["user_gid", "start_date"])
    .where("workspace_gid", "=", workspaceGid)
    .where("approval_status", "=", "APPROVED")
    .where("end_date", ">=", range.from)
    .where("start_date", "<=", range.to)
    .execute();
  const approvedWeeks = new Set(approved.map((week) => `${week.user_gid}:${week.start_date}`));
  const logged = await minutesByProjectAndUser(db, [...names.keys()], range);
  const rateOf = await rateBook(db, workspaceGid, [...names.keys()]);
  const lines = new Map<string, { project_gid: number; user_gid: number; minutes: number; idle: number }>();
  let unapproved = 0;
  let nonBillable = 0;
  for (const row of logged) {
    if (!approvedWeeks.has(`${row.user_gid}:${mondayOf(row.entered_on)}`)) {
      unapproved += row.minutes;
      continue;
    }
    const key = `${row.project_gid}:${row.user_gid}`;
    const line = lines.get(key) ?? { project_gid: row.project_gid, user_gid: row.user_gid, minutes: 0, idle: 0 };
    // Non-billable time is shown apart and never priced.
    if (row.billable) line.minutes += row.minutes;
    else {
      line.idle += row.minutes;
      nonBillable += row.minutes;
    }
    lines.set(key, line);
  }
  const userGids = [...new Set([...lines.values()].map((line) => line.user_gid))];
  const users = new Map(
    userGids.length
      ? (await db.selectFrom("users").select(["gid", "name"]).where("gid", "in", userGids).execute()).map(
          (user) => [user.gid, user.name] as const,
        )
      : [],
  );
  const rows: BillingRow[] = [...lines.values()].map((line) => {
    const rate = rateOf(line.project_gid, line.user_gid);
    return {
      project_gid: line.project_gid,
      project_name: names.get(line.project_gid) ?? "",
      user_gid: line.user_gid,
      user_name: users.get(line.user_gid) ?? "",
      minutes: line.minutes,
      rate: rate?.rate ?? null,
      currency_code: rate?.currency_code ?? null,
      amount: rate ? Math.round((line.minutes / 60) * rate.rate * 100) / 100 : null,
      non_billable_minutes: line.idle,
    };
  });
  rows.sort((a, b) => a.project_name.localeCompare(b.project_name) || a.user_name.localeCompare(b.user_name));
  return { month, rows, unapproved_minutes: unapproved, non_billable_minutes: nonBillable };
}

const cell = (value: string | number | null) => {
  const text = value === null ? "" : String(value);
  // Quote every text cell; a leading =, +, - or @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(text) && typeof value === "string" ? `'${text}` : text;
  return typeof value === "number" ? text : `"${safe.replace(/"/g, '""')}"`;
};

// The invoice's input: one line per project and person, hours to two decimals, with rate and amount; the
// non-billable hours in a column of their own.
export function billingCsv(rows: BillingRow[]): string {
  const header = ["Project", "Person", "Hours", "Rate", "Currency", "Amount", "Non-billable hours"].map(cell).join(",");
  const lines = rows.map((row) =>
    [
      cell(row.project_name),
      cell(row.user_name),
      cell(Math.round((row.minutes / 60) * 100) / 100),
      cell(row.rate),
      cell(row.currency_code),
      cell(row.amount),
      cell(Math.round((row.non_billable_minutes / 60) * 100) / 100),
    ].join(","),
  );
  return `\ufeff${[header, ...lines].join("\r\n")}\r\n`;
}
