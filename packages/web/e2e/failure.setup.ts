import { beforeEach } from "vitest";
import { launched } from "./browser";

// When a browser test fails, print what each open page showed: its address and the accessible outline of the
// open task pane or dialog (else of the page's main content), so a failure in CI can be read without a rerun.
beforeEach(({ onTestFailed }) => {
  onTestFailed(async () => {
    for (const browser of launched) {
      for (const context of browser.contexts()) {
        for (const page of context.pages()) {
          const focus = page.locator('[data-testid="task-pane"], [role="dialog"], main').first();
          const outline = await focus
            .ariaSnapshot({ timeout: 2_000 })
            .catch((error: Error) => `(no outline: ${error.message.split("\n")[0]})`);
          console.error(`--- page ${page.url()}\n${outline.slice(0, 3_000)}`);
        }
      }
    }
  });
});
