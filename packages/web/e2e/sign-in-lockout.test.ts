import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser, makeWorkspace, type TestUser } from "../../server/test/helpers/factories.ts";
import { startTestApp, type TestApp } from "../../server/test/helpers/test-app.ts";
import { launch, shot } from "./browser.ts";

let app: TestApp;
let browser: Browser;
let user: TestUser;

describe("sign-in lockout on the sign-in page, in Chromium", () => {
  beforeAll(async () => {
    // Two failures in a row lock the email for five minutes.
    app = await startTestApp({ config: { loginMaxFailures: 2, loginLockoutSeconds: 300 } });
    user = await makeUser(app, (await makeWorkspace(app, "Lockout Studio")).gid, "admin", "Lena Locked");
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function failTwice(locale: string, email: string) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto(`${app.url}/login`);
    await page.getByTestId("signin-email").fill(email);
    const messages: string[] = [];
    for (let attempt = 0; attempt < 2; attempt++) {
      await page.getByTestId("signin-password").fill(`wrong password ${attempt}`);
      await page.getByTestId("signin-submit").click();
      // The second answer replaces the first one's message: wait for the text to change.
      await page.waitForFunction(
        (previous) => {
          const text = document.querySelector('[data-testid="signin-error"]')?.textContent;
          return Boolean(text) && text !== previous;
        },
        messages[attempt - 1] ?? null,
      );
      messages.push((await page.getByTestId("signin-error").textContent()) ?? "");
    }
    return { page, context, messages };
  }

  it("tells the person that sign-in is paused and until when, in English and in Russian", async () => {
    const english = await failTwice("en-US", user.email);
    expect(english.messages[0]).toBe("The email or password is incorrect.");
    expect(english.messages[1]).toMatch(
      /^Too many failed sign-in attempts\. For your security, signing in is paused until \d{1,2}:\d{2}:\d{2}/,
    );
    // Locked: the right password is refused with the same explanation.
    await english.page.getByTestId("signin-password").fill("correct horse battery");
    await english.page.getByTestId("signin-submit").click();
    await english.page.getByText(/signing in is paused until/).waitFor();
    expect(new URL(english.page.url()).pathname).toBe("/login");
    await shot(english.page, "sign-in-lockout");
    await english.context.close();

    // An email without an account is locked out the same way.
    const russian = await failTwice("ru-RU", `nobody.${Date.now()}@example.test`);
    expect(russian.messages[0]).toBe("Неверная почта или пароль.");
    expect(russian.messages[1]).toMatch(
      /^Слишком много неудачных попыток входа\. .*вход приостановлен до \d{1,2}:\d{2}/,
    );
    await russian.context.close();
  });
});
