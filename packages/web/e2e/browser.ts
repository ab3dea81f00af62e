import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";

export const SCREENSHOTS = fileURLToPath(new URL("../../../docs/screenshots/", import.meta.url));

// Every browser a test file launches, so that a failed test can say what each page showed (failure.setup.ts).
export const launched = new Set<Browser>();

export async function launch(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  launched.add(browser);
  browser.on("disconnected", () => launched.delete(browser));
  return browser;
}

export async function shot(page: Page, name: string) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

// Drags with real pointer events in small steps, the way dnd-kit's pointer sensor expects a person to.
export async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 8, from.y + 8, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 20 });
  await page.waitForTimeout(150);
  await page.mouse.move(to.x, to.y + 2, { steps: 2 });
  await page.mouse.up();
}

export async function centerOf(_page: Page, selector: ReturnType<Page["locator"]>) {
  const box = await selector.boundingBox();
  if (!box) throw new Error("element is not visible");
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

// A write from inside the signed-in page, like the app makes it (cookie + CSRF header).
export function apiCall<T>(page: Page, method: string, url: string, data?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, url, data }) => {
      const response = await fetch(`/api/1.0${url}`, {
        method,
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-Requested-With": "XMLHttpRequest" },
        body: data === undefined ? undefined : JSON.stringify({ data }),
      });
      const body = await response.json();
      if (!response.ok) throw new Error(JSON.stringify(body));
      return body.data;
    },
    { method, url, data },
  ) as Promise<T>;
}

// Runs after the timers the page has already set: dnd-kit's keyboard sensor starts listening for arrow keys in a
// timer set when a card is picked up, after "Picked up …" is announced; an arrow or Escape pressed before it is lost.
export async function afterPendingTimers(page: Page) {
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve)));
}
