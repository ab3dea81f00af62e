import { type CSSVariablesResolver, createTheme, DEFAULT_THEME, type MantineColorsTuple } from "@mantine/core";
import { focusBackFromMenu } from "../components/focusBack";
import { contrastRatio, darkenTo } from "./contrast";

const takt: MantineColorsTuple = [
  "#eef3ff",
  "#dce4f5",
  "#b9c7e2",
  "#94a8d0",
  "#748dc1",
  "#5f7cb8",
  "#5474b4",
  "#44639f",
  "#39588f",
  "#2d4b81",
];

// The lightest surfaces text sits on: the page, a hovered or sidebar row, the open row.
const SURFACES = ["#ffffff", "#f1f3f5", takt[0]];

/**
 * WCAG 2.1 AA in the palette itself, so every page (and every page still to come) inherits it. Mantine draws text in
 * a colour (`c="red"`, dimmed, outline and subtle buttons) and white text on filled parts with shade 6, and light
 * badges with shade 9 on shade 1: shade 6 and the darker ones are deepened until they read at 4.5:1 on the app's
 * light surfaces, shade 9 until it reads at 4.5:1 on shade 1, and shade 5 (icons, grips, control borders) until it
 * stands at 3:1 as a UI part. Lighter shades (backgrounds) keep their look.
 */
export function readablePalette(shades: readonly string[]): MantineColorsTuple {
  const result = [...shades];
  result[5] = darkenTo(shades[5], (color) => Math.min(...SURFACES.map((bg) => contrastRatio(color, bg))) >= 3.1);
  result[6] = darkenTo(shades[6], (color) => Math.min(...SURFACES.map((bg) => contrastRatio(color, bg))) >= 4.6);
  result[7] = darkenTo(
    shades[7],
    (color) => contrastRatio(color, "#ffffff") >= contrastRatio(result[6], "#ffffff") + 0.6,
  );
  result[8] = darkenTo(
    shades[8],
    (color) => contrastRatio(color, "#ffffff") >= contrastRatio(result[7], "#ffffff") + 0.6,
  );
  result[9] = darkenTo(
    shades[9],
    (color) =>
      contrastRatio(color, shades[1]) >= 4.6 && contrastRatio(color, "#ffffff") >= contrastRatio(result[8], "#ffffff"),
  );
  return result as unknown as MantineColorsTuple;
}

const colors = Object.fromEntries(
  Object.entries({ ...DEFAULT_THEME.colors, takt }).map(([name, shades]) => [name, readablePalette(shades)]),
);

// Placeholders are text a person reads: they take the dimmed colour (4.5:1), not Mantine's lighter gray 5.
const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    "--mantine-color-placeholder": "var(--mantine-color-gray-6)",
    "--mantine-color-dimmed": "var(--mantine-color-gray-6)",
  },
  dark: {},
});

export { cssVariablesResolver };

export const theme = createTheme({
  primaryColor: "takt",
  colors,
  defaultRadius: "md",
  fontFamily: "Inter, ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  headings: { fontWeight: "650" },
  cursorType: "pointer",
  // Mantine's own transitions (menus, modals, drawers, toasts) are skipped for people who ask for less motion.
  respectReducedMotion: true,
  components: {
    Tooltip: { defaultProps: { openDelay: 400, withArrow: true } },
    // A menu opened takes focus to its first item (as WAI-ARIA's menu pattern has it), not to an invisible
    // placeholder: the placeholder is a focusable child without a role, which a menu may not own.
    // A menu that closes gives focus back to its button, and when its item took the button away with what it
    // belonged to (a section, a comment, a chart deleted from its own menu), to the same button of its neighbour.
    Menu: { defaultProps: { withInitialFocusPlaceholder: false, onClose: focusBackFromMenu } },
  },
});
