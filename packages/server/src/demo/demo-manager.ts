import { addDays, mondayOf } from "../domain/billing/billing.dates.ts";
import type { DemoApi } from "./demo-api.ts";
import type { DemoLanguage } from "./demo-content.ts";

type Person = "ceo" | "designer" | "developer" | "copywriter" | "curator";

// The manager's view of the demo: a portfolio of the client boards (nested in an agency-wide one), two goals,
// rates, a budget, and time logged over the last weeks, approved by the CEO but for one week left to approve.
export async function loadManagerDemo(
  as: (who: Person) => DemoApi,
  gidOf: (who: Person) => string,
  setup: { workspaceGid: string; clients: { gid: string }[]; today: string },
  language: DemoLanguage,
): Promise<void> {
  const L = (en: string, ru: string) => (language === "ru" ? ru : en);
  const ceo = as("ceo");
  const { workspaceGid, clients, today } = setup;
  const currency = L("USD", "RUB");

  // Dates on the client boards, for the portfolio's timeline.
  for (const [index, project] of clients.entries()) {
    await ceo.put(`/projects/${project.gid}`, {
      start_on: addDays(today, -30 + index * 7),
      due_on: addDays(today, 30 + index * 14),
    });
  }
  const portfolio = await ceo.post("/portfolios", {
    workspace: workspaceGid,
    name: L("Client projects", "Клиентские проекты"),
    color: "dark-green",
    public: true,
    start_on: addDays(today, -30),
    due_on: addDays(today, 60),
  });
  for (const project of clients) await ceo.post(`/portfolios/${portfolio.gid}/addItem`, { item: project.gid });
  const agency = await ceo.post("/portfolios", {
    workspace: workspaceGid,
    name: L("Agency", "Агентство"),
    public: true,
  });
  await ceo.post(`/portfolios/${agency.gid}/addItem`, { item: portfolio.gid });

  // Rates: the agency's hour on each client board, a senior designer's own rate, and a budget on the first board.
  for (const project of clients) {
    await ceo.post("/rates", { parent: project.gid, rate: language === "ru" ? 3000 : 60, currency_code: currency });
  }
  await ceo.post("/rates", {
    parent: clients[0].gid,
    resource: gidOf("designer"),
    rate: language === "ru" ? 4500 : 90,
    currency_code: currency,
  });
  await ceo.post("/budgets", { parent: clients[0].gid, budget_type: "time", total: { value: 40 * 60 } });
  await ceo.post("/budgets", {
    parent: clients[1].gid,
    budget_type: "cost",
    total: { value: language === "ru" ? 150000 : 3000 },
  });
  for (const [name, color] of [
    [L("Design", "Дизайн"), "purple"],
    [L("Development", "Разработка"), "blue"],
    [L("Meetings", "Встречи"), "cool-gray"],
  ]) {
    await ceo.post("/time_tracking_categories", { workspace: workspaceGid, name, color });
  }

  // Time on the client boards over the last three weeks; the two earlier weeks approved, this one submitted.
  const thisWeek = mondayOf(today);
  const weeks = [addDays(thisWeek, -14), addDays(thisWeek, -7), thisWeek];
  const people: Person[] = ["designer", "developer", "copywriter"];
  for (const [index, person] of people.entries()) {
    for (const [clientIndex, project] of clients.entries()) {
      const tasks = await as(person).get(`/projects/${project.gid}/tasks?limit=5`);
      const task = tasks[(index + clientIndex) % Math.max(1, tasks.length)];
      if (!task) continue;
      for (const [weekIndex, week] of weeks.entries()) {
        const day = addDays(week, (index + clientIndex) % 3);
        if (day > today) continue;
        await as(person).post(`/tasks/${task.gid}/time_tracking_entries`, {
          duration_minutes: 60 * (2 + ((index + weekIndex + clientIndex) % 4)),
          entered_on: day,
        });
      }
    }
    for (const week of weeks) {
      const status = await as(person).post("/timesheet_approval_statuses", {
        workspace: workspaceGid,
        start_date: week,
      });
      await as(person).put(`/timesheet_approval_statuses/${status.gid}`, { approval_status: "SUBMITTED" });
      if (week !== thisWeek)
        await ceo.put(`/timesheet_approval_statuses/${status.gid}`, { approval_status: "APPROVED" });
    }
  }
  await ceo.post("/allocations", {
    parent: clients[0].gid,
    assignee: gidOf("designer"),
    start_date: thisWeek,
    end_date: addDays(thisWeek, 27),
    effort: { type: "percent", value: 50 },
  });

  // Goals for the quarter: revenue by hand, delivery from the client boards' tasks.
  const periods = await ceo.get(`/time_periods?workspace=${workspaceGid}&start_on=${today.slice(0, 4)}-01-01`);
  const quarter = periods.find(
    (period) =>
      period.period !== "FY" &&
      !String(period.period).startsWith("H") &&
      String(period.start_on) <= today &&
      String(period.end_on) >= today,
  );
  const revenue = await ceo.post("/goals", {
    workspace: workspaceGid,
    name: L("Grow monthly revenue to $50k", "Выручка 3 млн ₽ в месяц"),
    time_period: quarter?.gid ?? null,
    due_on: String(quarter?.end_on ?? addDays(today, 60)),
  });
  await ceo.post(`/goals/${revenue.gid}/setMetric`, {
    unit: "currency",
    currency_code: currency,
    initial_number_value: 0,
    target_number_value: language === "ru" ? 3000000 : 50000,
  });
  await ceo.post(`/goals/${revenue.gid}/setMetricCurrentValue`, {
    current_number_value: language === "ru" ? 1950000 : 32500,
  });
  await ceo.post("/status_updates", {
    parent: revenue.gid,
    status_type: "on_track",
    title: L("Two new retainers signed", "Подписали два новых абонемента"),
  });
  const delivery = await ceo.post("/goals", {
    workspace: workspaceGid,
    name: L("Deliver every client project on time", "Сдать все клиентские проекты в срок"),
    time_period: quarter?.gid ?? null,
    owner: gidOf("curator"),
  });
  await ceo.post(`/goals/${delivery.gid}/setMetric`, {
    progress_source: "project_task_completion",
    unit: "percentage",
  });
  for (const project of clients) {
    await ceo.post(`/goals/${delivery.gid}/addSupportingRelationship`, { supporting_resource: project.gid });
  }
  await ceo.post("/status_updates", {
    parent: delivery.gid,
    status_type: "at_risk",
    title: L("The clinic is waiting on the client's copy", "Клиника ждёт тексты от клиента"),
  });
}
