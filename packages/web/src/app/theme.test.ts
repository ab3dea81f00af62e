import { describe, expect, it } from "vitest";
import { contrastRatio } from "./contrast";
import { theme } from "./theme";

// WCAG 2.1 AA: text 4.5:1, UI parts (icons, control borders) 3:1, on the page, a hovered row and the open row.
describe("the palette", () => {
  const colors = Object.entries(theme.colors ?? {});
  const surfaces = ["#ffffff", "#f1f3f5", "#eef3ff"];

  it("has every colour's text shades (6 and darker) at 4.5:1 on the light surfaces and white text on them", () => {
    expect(colors.length).toBeGreaterThan(10);
    for (const [name, shades] of colors) {
      for (const shade of [6, 7, 8, 9]) {
        for (const surface of surfaces) {
          expect(
            contrastRatio(shades?.[shade] ?? "", surface),
            `${name}.${shade} on ${surface}`,
          ).toBeGreaterThanOrEqual(4.5);
        }
      }
    }
  });

  it("has light badges (shade 9 on shade 1) at 4.5:1 and UI parts (shade 5) at 3:1", () => {
    for (const [name, shades] of colors) {
      expect(contrastRatio(shades?.[9] ?? "", shades?.[1] ?? ""), `${name} light badge`).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(shades?.[5] ?? "", "#ffffff"), `${name}.5`).toBeGreaterThanOrEqual(3);
    }
  });
});
