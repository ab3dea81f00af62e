import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../server/test/helpers/test-app.ts";
import { afterPendingTimers, apiCall, launch, shot } from "./browser.ts";

// A keyboard user's round in one browser session: the command palette, a task opened and edited field by field
// (name, due date, assignee, the menu), the pane closed with focus back on the row, rows moved between sections of
// the List, and another person's changes to the task they are on read out by the live region.

let app: TestApp;
let browser: Browser;
let page: Page;
let colleague: Page;
let workspaceGid = "";
let project = { gid: "", name: "" };
const COLLEAGUE = "Vera Kolosova";

type Membership = { memberships: { section: { gid: string; name: string } | null }[] };

async function settle(target: Page) {
  await target.waitForLoadState("networkidle");
  await target.waitForTimeout(300);
}

const focused = (target: Page) =>
  target.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    return {
      testId: element?.getAttribute("data-testid") ?? "",
      task: element?.closest<HTMLElement>("[data-task-name]")?.dataset.taskName ?? "",
      text: element?.textContent ?? "",
    };
  });

// Every stop Tab reached without a visible focus ring (an outline or a ring drawn with a shadow; a text field shows
// its caret and a coloured border instead).
const unringed = new Set<string>();

const ringOf = (target: Page) =>
  target.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const typing = element.matches("input:not([type=checkbox]):not([type=radio]), textarea, [contenteditable=true]");
    const outline = style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) >= 1;
    const ring = style.boxShadow !== "none";
    if (typing || outline || ring) return null;
    const name = element.getAttribute("data-testid") ?? element.getAttribute("aria-label") ?? element.textContent;
    return `${element.tagName.toLowerCase()} "${(name ?? "").slice(0, 30)}"`;
  });

// Presses Tab (or Shift+Tab) until the focused element matches, as a person would: no clicks, no focus() calls.
async function tabTo(target: Page, selector: string, back = false, limit = 120) {
  const path: string[] = [];
  for (let step = 0; step < limit; step += 1) {
    if (await target.evaluate((css) => document.activeElement?.matches(css) ?? false, selector)) return;
    await target.keyboard.press(back ? "Shift+Tab" : "Tab");
    const now = await focused(target);
    path.push(now.testId || now.text.slice(0, 20));
    const missing = await ringOf(target);
    if (missing) unringed.add(missing);
  }
  throw new Error(`Tab never reached ${selector}, it went through: ${path.join(" | ")}`);
}

// Whether the focused element matches the selector.
const focusIs = (target: Page, selector: string) =>
  target.evaluate((css) => document.activeElement?.matches(css) ?? false, selector);

// Tabs to a menu's button (forwards or backwards, whichever way it lies), opens the menu with Enter, walks it with
// the arrows to the item, and chooses it with Enter.
async function choose(target: Page, trigger: string, item: string) {
  const back = await target.evaluate((css) => {
    const goal = document.querySelector(css);
    const from = document.activeElement;
    return !!goal && !!from && !!(from.compareDocumentPosition(goal) & Node.DOCUMENT_POSITION_PRECEDING);
  }, trigger);
  await tabTo(target, trigger, back);
  await target.keyboard.press("Enter");
  // The menu has opened when focus is in it (a menu closed a moment ago may still be fading out of the page).
  await expect
    .poll(() => target.evaluate(() => !!document.activeElement?.closest('[role="menu"]')), {
      message: `the menu of ${trigger} takes focus`,
    })
    .toBe(true);
  for (let step = 0; step < 12 && (await focused(target)).testId !== item; step += 1) {
    await target.keyboard.press("ArrowDown");
  }
  expect((await focused(target)).testId, `${item} in the menu of ${trigger}`).toBe(item);
  await target.keyboard.press("Enter");
}

// Waits, in the page, until the live region for live updates says the words.
async function said(words: string) {
  await page.waitForFunction(
    (text) => document.querySelector("[data-testid=live-updates]")?.textContent?.includes(text) ?? false,
    words,
    { timeout: 15_000 },
  );
}

async function sectionOf(taskGid: string) {
  const task = await apiCall<Membership>(page, "GET", `/tasks/${taskGid}?opt_fields=memberships.section.name`);
  return task.memberships[0]?.section?.name ?? "";
}

describe("everything by keyboard alone in Chromium", () => {
  beforeAll(async () => {
    app = await startTestApp();
    browser = await launch();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    await page.goto(`${app.url}/setup`);
    await page.getByTestId("setup-demo").click();
    await page.getByTestId("nav-my-tasks").waitFor({ timeout: 120_000 });
    const me = await apiCall<{ workspaces: { gid: string }[] }>(page, "GET", "/users/me");
    workspaceGid = me.workspaces[0].gid;
    const projects = await apiCall<{ gid: string; name: string }[]>(page, "GET", `/projects?workspace=${workspaceGid}`);
    project = projects.find((candidate) => candidate.name !== "Product team") ?? projects[0];

    // A colleague on the project, signed in in a browser of their own, whose changes arrive live.
    const invitation = await apiCall<{ invite_url: string }>(page, "POST", "/invitations", {
      workspace: workspaceGid,
      email: "vera@demo.takt",
      role: "member",
      project: project.gid,
      access_level: "editor",
    });
    const other = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
    other.setDefaultTimeout(15_000);
    colleague = await other.newPage();
    await colleague.goto(invitation.invite_url.replace(/^https?:\/\/[^/]+/, app.url));
    await colleague.getByTestId("invite-name").fill(COLLEAGUE);
    await colleague.getByTestId("invite-password").fill("kolos-bakery-2024");
    await colleague.getByTestId("invite-accept").click();
    await colleague.getByTestId("nav-home").waitFor();
    await page.reload();
    await settle(page);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("runs a palette command, edits a task's fields, picks from menus and returns focus, by keyboard alone", async () => {
    // The palette: Ctrl+K, the project's name, Enter.
    await page.keyboard.press("Control+k");
    await page.getByTestId("palette-input").waitFor();
    await page.keyboard.type(project.name);
    await page.locator(`[data-testid="palette-item"][data-label="${project.name}"]`).waitFor();
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/projects/${project.gid}**`);
    await settle(page);

    // Skip link, then the view tabs: arrows choose List.
    await page.keyboard.press("Tab");
    expect((await focused(page)).testId).toBe("skip-to-content");
    await page.keyboard.press("Enter");
    await tabTo(page, '[role="tab"][aria-selected="true"]');
    for (let step = 0; step < 10 && (await focused(page)).testId !== "tab-list"; step += 1) {
      await page.keyboard.press("ArrowLeft");
    }
    await page.getByTestId("task-row").first().waitFor();
    await settle(page);

    // Tab to the first row; Enter opens it and focus moves into the pane.
    await tabTo(page, '[data-testid="task-row"]');
    const row = await focused(page);
    const tasks = await apiCall<{ gid: string; name: string }[]>(page, "GET", `/projects/${project.gid}/tasks`);
    const task = tasks.find((candidate) => candidate.name === row.task);
    expect(task).toBeTruthy();
    const gid = task?.gid ?? "";
    await page.keyboard.press("Enter");
    await page.getByTestId("task-pane").getByTestId("task-name").waitFor();
    expect(page.url()).toContain(`/tasks/${gid}`);
    expect(await page.evaluate(() => !!document.activeElement?.closest("[data-testid=task-pane]"))).toBe(true);

    // The name: Tab to it, select all, type, Enter saves.
    const renamed = `${row.task} (checked)`;
    await tabTo(page, '[data-testid="task-pane"] textarea[data-testid="task-name"]');
    await page.keyboard.press("End");
    await page.keyboard.type(" (checked)");
    await page.keyboard.press("Enter");
    await expect
      .poll(async () => (await apiCall<{ name: string }>(page, "GET", `/tasks/${gid}?opt_fields=name`)).name)
      .toBe(renamed);

    // The due date: Enter opens the calendar with focus inside it; arrows move between days, Enter picks one.
    await tabTo(page, '[data-testid="pane-due"]');
    await page.keyboard.press("Enter");
    await tabTo(page, ".mantine-DatePicker-day");
    const first = await page.evaluate(() => (document.activeElement as HTMLElement).getAttribute("aria-label"));
    await page.keyboard.press("ArrowRight");
    const chosen = await page.evaluate(() => (document.activeElement as HTMLElement).getAttribute("aria-label"));
    expect(chosen).not.toBe(first);
    await page.keyboard.press("Enter");
    await expect
      .poll(
        async () => (await apiCall<{ due_on: string | null }>(page, "GET", `/tasks/${gid}?opt_fields=due_on`)).due_on,
      )
      .not.toBeNull();
    // The picker closed and focus went back to its button.
    await expect.poll(async () => (await focused(page)).testId).toBe("pane-due");

    // The assignee: Enter opens the picker with focus in its search; typing narrows it, Enter assigns.
    await tabTo(page, '[data-testid="pane-assignee"]', true);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe("INPUT");
    await page.keyboard.type("Vera");
    await page.locator('[data-testid="assignee-option"]', { hasText: COLLEAGUE }).waitFor();
    await page.keyboard.press("Enter");
    await expect
      .poll(
        async () =>
          (await apiCall<{ assignee: { name: string } | null }>(page, "GET", `/tasks/${gid}?opt_fields=assignee.name`))
            .assignee?.name,
      )
      .toBe(COLLEAGUE);
    await expect.poll(async () => (await focused(page)).testId).toBe("pane-assignee");
    // The change comes back over the realtime socket and the pane re-renders with it: the keys below go to a page
    // that has taken it in.
    await settle(page);

    // The pane's menu: Enter opens it, arrows walk its items, Enter chooses "Milestone". A late echo of the writes
    // above can still re-render the pane under the keys on a loaded machine (the menu's items are remounted and
    // focus starts over): the walk is tried again on a settled page, three times at most — a menu that arrows
    // cannot walk fails every time.
    await tabTo(page, '[data-testid="pane-menu"]', true);
    for (let attempt = 0; attempt < 3 && (await focused(page)).text !== "Milestone"; attempt += 1) {
      if (attempt > 0) {
        await page.keyboard.press("Escape");
        await settle(page);
        await tabTo(page, '[data-testid="pane-menu"]', true);
      }
      await page.keyboard.press("Enter");
      await page.getByRole("menu").waitFor();
      for (let step = 0; step < 8 && (await focused(page)).text !== "Milestone"; step += 1) {
        await page.keyboard.press("ArrowDown");
      }
    }
    expect((await focused(page)).text).toBe("Milestone");
    await page.keyboard.press("Enter");
    await expect
      .poll(
        async () =>
          (await apiCall<{ resource_subtype: string }>(page, "GET", `/tasks/${gid}?opt_fields=resource_subtype`))
            .resource_subtype,
      )
      .toBe("milestone");
    await shot(page, "keyboard-task-pane");

    // Escape closes the pane; focus returns to the row it was opened from.
    await page.getByTestId("task-pane").focus();
    await page.keyboard.press("Escape");
    await page.getByTestId("task-pane").waitFor({ state: "detached" });
    await expect.poll(async () => (await focused(page)).task).toBe(renamed);
    expect((await focused(page)).testId).toBe("task-row");
  });

  it("moves a List row to the next section by keyboard, announced, and reads out a colleague's changes", async () => {
    const row = await focused(page);
    const tasks = await apiCall<{ gid: string; name: string }[]>(page, "GET", `/projects/${project.gid}/tasks`);
    const gid = tasks.find((candidate) => candidate.name === row.task)?.gid ?? "";
    const from = await sectionOf(gid);
    const sections = await apiCall<{ gid: string; name: string }[]>(page, "GET", `/projects/${project.gid}/sections`);
    const next = sections[sections.findIndex((section) => section.name === from) + 1];
    expect(next).toBeTruthy();
    const dnd = page.locator('[id^="DndLiveRegion"]');

    // Tab to the row's grip; Space picks it up, Down arrows carry it into the next section, Space drops it.
    await page.keyboard.press("Tab");
    expect((await focused(page)).testId).toBe("row-handle");
    await page.keyboard.press("Space");
    await expect.poll(() => dnd.textContent()).toContain(`Picked up ${row.task} in ${from}`);
    await afterPendingTimers(page);
    for (let step = 0; step < 30; step += 1) {
      if ((await dnd.textContent())?.includes(`${row.task}: ${next.name}`)) break;
      await page.keyboard.press("ArrowDown");
      await page.waitForTimeout(100);
    }
    await expect.poll(() => dnd.textContent()).toContain(`${row.task}: ${next.name}`);
    await page.keyboard.press("Space");
    await expect.poll(() => dnd.textContent()).toContain(`Dropped ${row.task} in ${next.name}`);
    await expect.poll(() => sectionOf(gid)).toBe(next.name);
    await expect.poll(async () => (await focused(page)).task).toBe(row.task);

    // Up carries it back from its grip; the server has it where it started.
    await settle(page);
    await tabTo(page, '[data-testid="row-handle"]');
    expect((await focused(page)).task).toBe(row.task);
    await page.keyboard.press("Space");
    await expect.poll(() => dnd.textContent()).toContain(`Picked up ${row.task} in ${next.name}`);
    await afterPendingTimers(page);
    for (let step = 0; step < 30; step += 1) {
      if ((await dnd.textContent())?.includes(`${row.task}: ${from}`)) break;
      await page.keyboard.press("ArrowUp");
      await page.waitForTimeout(100);
    }
    await page.keyboard.press("Space");
    await expect.poll(() => dnd.textContent()).toContain(`Dropped ${row.task} in ${from}`);
    await expect.poll(() => sectionOf(gid)).toBe(from);

    // A colleague completes the task the reader is on: the live region says who did what, politely.
    const live = page.getByTestId("live-updates");
    expect(await live.getAttribute("aria-live")).toBe("polite");
    await settle(page);
    await page.locator(`[data-testid="task-row"][data-task-name="${row.task}"]`).focus();
    // (A section that means done may have completed it on the way back: the colleague flips whatever it is.)
    const { completed } = await apiCall<{ completed: boolean }>(page, "GET", `/tasks/${gid}?opt_fields=completed`);
    await apiCall(colleague, "PUT", `/tasks/${gid}`, { completed: !completed });
    const words = completed ? `${COLLEAGUE} marked “${row.task}” incomplete.` : `${COLLEAGUE} completed “${row.task}”.`;
    await said(words);
    expect(await live.textContent()).toBe(words);

    // In Russian, a colleague's move of the task open in the pane is read out in Russian.
    await page.evaluate(() => localStorage.setItem("takt.language", "ru"));
    await apiCall(page, "PUT", "/users/me", { language: "ru" });
    await page.goto(`${app.url}/projects/${project.gid}/tasks/${gid}`);
    await page.getByTestId("task-pane").waitFor();
    await settle(page);
    await apiCall(colleague, "POST", `/sections/${next.gid}/addTask`, { task: gid });
    await said(`${COLLEAGUE}: задача «${row.task}» перемещена в раздел «${next.name}».`);
    await shot(page, "keyboard-live-update-ru");
  });

  it("gives focus back when a dialog, a menu, a popover or the palette closes, with a ring on every stop", async () => {
    await page.evaluate(() => localStorage.setItem("takt.language", "en"));
    await apiCall(page, "PUT", "/users/me", { language: "en" });
    await page.goto(`${app.url}/projects/${project.gid}`);
    await page.getByTestId("task-row").first().waitFor();
    await settle(page);
    const inside = (role: string) => page.evaluate((css) => !!document.activeElement?.closest(css), `[role="${role}"]`);

    // Each opens with Enter from its button, takes focus inside, and Escape brings focus back to the button.
    for (const [testId, role] of [
      ["share", "dialog"],
      ["project-settings", "menu"],
      ["filter-button", "dialog"],
      ["section-menu", "menu"],
    ]) {
      await tabTo(page, `[data-testid="${testId}"]`);
      await page.keyboard.press("Enter");
      await page
        .getByRole(role as "dialog" | "menu")
        .last()
        .waitFor();
      await expect.poll(() => inside(role), { message: `focus inside ${testId}'s ${role}` }).toBe(true);
      await page.keyboard.press("Escape");
      await page
        .getByRole(role as "dialog" | "menu")
        .last()
        .waitFor({ state: "hidden" });
      await expect.poll(async () => (await focused(page)).testId, { message: `focus back on ${testId}` }).toBe(testId);
    }

    // The palette, opened from a row, gives focus back to the row.
    await tabTo(page, '[data-testid="task-row"]');
    const row = await focused(page);
    await page.keyboard.press("Control+k");
    await expect.poll(async () => (await focused(page)).testId).toBe("palette-input");
    await page.keyboard.press("Escape");
    await page.getByTestId("palette-input").waitFor({ state: "hidden" });
    await expect.poll(async () => (await focused(page)).task).toBe(row.task);
    expect((await focused(page)).testId).toBe("task-row");

    // A dialog opened from an item of a menu gives focus back to the menu's button: the item has gone with its menu.
    const dialogFromMenu = async (trigger: string, item: string, says?: string) => {
      await choose(page, trigger, item);
      await page.getByRole("dialog").last().waitFor();
      if (says) expect(await page.getByRole("dialog").last().innerText()).toContain(says);
      await expect.poll(() => inside("dialog"), { message: `focus inside the dialog of ${item}` }).toBe(true);
      await page.keyboard.press("Escape");
      await page.getByRole("dialog").last().waitFor({ state: "hidden" });
      await expect.poll(() => focusIs(page, trigger), { message: `focus back on ${trigger} after ${item}` }).toBe(true);
    };
    await dialogFromMenu('[data-testid="project-settings"]', "move-team");
    await dialogFromMenu('[data-testid="project-settings"]', "delete-project");
    await dialogFromMenu('[data-testid="project-menu"]', "save-as-template");
    await dialogFromMenu('[data-testid="add-task-menu"]', "add-milestone");
    await dialogFromMenu('[data-testid="add-task-menu"]', "new-from-template");
    // The task pane's menu: "Delete task" asks first; Escape keeps the task and focus on the menu's button.
    await tabTo(page, '[data-testid="task-row"]');
    await page.keyboard.press("Enter");
    await page.getByTestId("task-pane").getByTestId("task-name").waitFor();
    await dialogFromMenu('[data-testid="pane-menu"]', "pane-delete");
    await page.keyboard.press("Escape");
    await page.getByTestId("task-pane").waitFor({ state: "detached" });
    await expect.poll(async () => (await focused(page)).testId).toBe("task-row");

    // On the Board, a column's menu: each of its dialogs (and the rename in place) gives focus back to its button.
    await tabTo(page, '[role="tab"][aria-selected="true"]', true);
    for (let step = 0; step < 10 && (await focused(page)).testId !== "tab-board"; step += 1) {
      await page.keyboard.press("ArrowRight");
    }
    await page.getByTestId("column").first().waitFor();
    await settle(page);
    const columns = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>("[data-testid=column]")].map((column) => ({
        gid: column.dataset.sectionGid ?? "",
        name: column.dataset.sectionName ?? "",
        cards: Number.parseInt(column.querySelector("[data-testid=column-count]")?.textContent ?? "0", 10),
      })),
    );
    const at = columns.findIndex((column, index) => column.cards > 0 && index < columns.length - 1);
    expect(at).toBeGreaterThanOrEqual(0);
    const column = columns[at];
    const next = columns[at + 1];
    const menuOf = (gid: string) => `[data-section-gid="${gid}"] [data-testid="section-menu"]`;
    const columnOfFocus = () =>
      page.evaluate(() => document.activeElement?.closest<HTMLElement>("[data-testid=column]")?.dataset.sectionName);

    await choose(page, menuOf(column.gid), "section-rename");
    await expect.poll(async () => (await focused(page)).testId).toBe("section-name-input");
    await page.keyboard.press("Escape");
    await expect.poll(() => focusIs(page, menuOf(column.gid)), { message: "focus back after renaming" }).toBe(true);
    await settle(page);
    await dialogFromMenu(menuOf(column.gid), "section-template");
    // "Add section below": a name and Enter add the column, and focus is back on the menu it came from.
    await choose(page, menuOf(column.gid), "section-add-below");
    await expect.poll(async () => (await focused(page)).testId).toBe("section-composer");
    await page.keyboard.type("Review round");
    await page.keyboard.press("Enter");
    await page.locator('[data-section-name="Review round"]').waitFor();
    await expect.poll(() => focusIs(page, menuOf(column.gid)), { message: "focus back after adding" }).toBe(true);
    // Deleting the new, empty column (no question asked) puts focus on the menu of the column that took its place.
    await choose(page, '[data-section-name="Review round"] [data-testid="section-menu"]', "section-delete");
    await page.locator('[data-section-name="Review round"]').waitFor({ state: "detached" });
    await expect.poll(columnOfFocus, { message: "focus on the next column after a delete" }).toBe(next.name);
    expect((await focused(page)).testId).toBe("section-menu");
    // A column with cards cannot be deleted: the dialog says to move them first; Escape closes it, focus on its menu.
    await dialogFromMenu(menuOf(column.gid), "section-delete", "Only an empty section can be deleted");
    await shot(page, "keyboard-board-menu-focus");
    // Back to the List for the tests that follow.
    await tabTo(page, '[role="tab"][aria-selected="true"]', true);
    for (let step = 0; step < 10 && (await focused(page)).testId !== "tab-list"; step += 1) {
      await page.keyboard.press("ArrowLeft");
    }
    await page.getByTestId("task-row").first().waitFor();

    // In the admin's people list, a person's menu: "Deactivate" asks first; Escape brings focus back to the menu.
    await page.goto(`${app.url}/people`);
    await page.getByTestId("person-menu").first().waitFor();
    await settle(page);
    await dialogFromMenu('[data-testid="person-menu"]', "deactivate");

    // A toast is read out: it appears inside a live region that was on the page before it.
    await page.goto(`${app.url}/profile`);
    await settle(page);
    const region = page.locator('[data-position="bottom-right"][aria-live="polite"]');
    expect(await region.count()).toBe(1);
    const nameField = page.locator("form input").first();
    await nameField.focus();
    await page.keyboard.press("End");
    await page.keyboard.type(" Jr");
    await page.keyboard.press("Enter");
    const toast = page.locator('[role="status"]', { hasText: "Profile saved" });
    await toast.waitFor();
    expect(await region.locator('[role="status"]', { hasText: "Profile saved" }).count()).toBe(1);

    // Every place Tab stopped on, in all three tests, showed where focus was.
    expect([...unringed]).toEqual([]);
  });

  it("holds still for a person who asks for less motion", async () => {
    await page.goto(`${app.url}/projects/${project.gid}`);
    await page.getByTestId("task-row").first().waitFor();
    await settle(page);
    // The longest transition or animation anything on the page has, in seconds, with the project's menu open.
    const longest = async () => {
      await page.getByTestId("project-settings").click();
      await page.getByRole("menu").waitFor();
      const seconds = await page.evaluate(() => {
        const durations = (value: string) =>
          value.split(",").map((part) => Number.parseFloat(part) / (part.trim().endsWith("ms") ? 1000 : 1));
        let max = 0;
        for (const element of document.querySelectorAll("*")) {
          const style = getComputedStyle(element);
          max = Math.max(max, ...durations(style.transitionDuration), ...durations(style.animationDuration));
        }
        return max;
      });
      await page.keyboard.press("Escape");
      await page.getByRole("menu").waitFor({ state: "hidden" });
      return seconds;
    };
    expect(await longest()).toBeGreaterThan(0.05);
    await page.emulateMedia({ reducedMotion: "reduce" });
    expect(await longest()).toBeLessThanOrEqual(0.001);

    // A row dropped by keyboard lands at once: no animation runs after the drop.
    await settle(page);
    await page.getByTestId("row-handle").first().focus();
    const dnd = page.locator('[id^="DndLiveRegion"]');
    await page.keyboard.press("Space");
    await expect.poll(() => dnd.textContent()).toContain("Picked up");
    await afterPendingTimers(page);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Space");
    // (Transitions shortened to nothing may still be listed for an instant; anything longer than a millisecond is
    // motion, like the 200 ms glide of the rows without the setting.)
    const moving = await page.evaluate(() =>
      document
        .getAnimations()
        .filter(
          (animation) => animation.playState === "running" && Number(animation.effect?.getTiming().duration ?? 0) > 1,
        )
        .map(
          (animation) =>
            `${animation.constructor.name} ${(animation.effect as KeyframeEffect | null)?.target?.className}`,
        ),
    );
    expect(moving).toEqual([]);
    await expect.poll(() => dnd.textContent()).toContain("Dropped");
    await page.emulateMedia({ reducedMotion: null });
  });
});
