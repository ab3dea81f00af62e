// WCAG 2.1 contrast between two #rrggbb colours (1 to 21).
function channels(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

// Remembered per colour: the palette (app/theme.ts) is computed as the app starts, comparing each candidate shade with
// the same few surfaces again and again.
const luminances = new Map<string, number>();

function luminance(hex: string): number {
  let known = luminances.get(hex);
  if (known === undefined) {
    known = computeLuminance(hex);
    luminances.set(hex, known);
  }
  return known;
}

function computeLuminance(hex: string): number {
  const [red, green, blue] = channels(hex).map((channel) => {
    const unit = channel / 255;
    return unit <= 0.03928 ? unit / 12.92 : ((unit + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * red + 0.7152 * green + 0.0722 * blue;
}

export function contrastRatio(first: string, second: string): number {
  const [light, dark] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}

const toHex = (channel: number) => Math.round(channel).toString(16).padStart(2, "0");

// The colour darkened step by step (toward black, keeping its hue) until `enough` holds; unchanged if it already does.
export function darkenTo(hex: string, enough: (color: string) => boolean): string {
  const [red, green, blue] = channels(hex);
  for (let step = 0; step <= 50; step++) {
    const factor = 1 - step * 0.02;
    const color = `#${toHex(red * factor)}${toHex(green * factor)}${toHex(blue * factor)}`;
    if (enough(color)) return color;
  }
  return "#000000";
}
