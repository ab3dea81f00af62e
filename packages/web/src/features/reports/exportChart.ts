// Chart downloads: the data as CSV, and the drawn SVG as a PNG (computed styles inlined, so CSS variables and
// theme colours survive outside the page; the HTML legend is drawn onto the canvas above the chart).

export interface LegendItem {
  label: string;
  color: string;
}

function save(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function toCsv(rows: object[], columns: { key: string; label: string }[]): string {
  const cell = (value: unknown) => {
    const text = value === null || value === undefined ? "" : String(value);
    return /[",\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [columns.map((column) => cell(column.label)).join(",")];
  for (const row of rows)
    lines.push(columns.map((column) => cell((row as Record<string, unknown>)[column.key])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

export function downloadCsv(rows: object[], columns: { key: string; label: string }[], filename: string) {
  // The BOM lets spreadsheet apps read Cyrillic names correctly.
  save(new Blob([`\uFEFF${toCsv(rows, columns)}`], { type: "text/csv;charset=utf-8" }), filename);
}

const STYLE_PROPS = [
  "fill",
  "fill-opacity",
  "stroke",
  "stroke-width",
  "stroke-dasharray",
  "stroke-opacity",
  "opacity",
  "font-size",
  "font-family",
  "font-weight",
  "text-anchor",
  "dominant-baseline",
  "visibility",
];

function inlineStyles(source: Element, target: Element) {
  const computed = getComputedStyle(source);
  const style = STYLE_PROPS.map((prop) => `${prop}:${computed.getPropertyValue(prop)}`).join(";");
  target.setAttribute("style", style);
  const sourceChildren = source.children;
  const targetChildren = target.children;
  for (let index = 0; index < sourceChildren.length; index++) {
    if (targetChildren[index]) inlineStyles(sourceChildren[index], targetChildren[index]);
  }
}

export function resolveColor(element: Element, color: string): string {
  const probe = document.createElement("span");
  probe.style.color = color;
  element.appendChild(probe);
  const resolved = getComputedStyle(probe).color;
  probe.remove();
  return resolved;
}

export async function downloadPng(container: HTMLElement, filename: string, title: string, legend: LegendItem[]) {
  const svg = container.querySelector("svg.recharts-surface") as SVGSVGElement | null;
  if (!svg) throw new Error("chart is not drawn");
  const { width, height } = svg.getBoundingClientRect();
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, clone);
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  clone.setAttribute("width", String(width));
  clone.setAttribute("height", String(height));
  const markup = new XMLSerializer().serializeToString(clone);
  const image = new Image();
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error("could not draw the chart"));
  });
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}`;
  await loaded;

  const scale = 2;
  const pad = 24;
  const header = 64;
  const canvas = document.createElement("canvas");
  canvas.width = (width + pad * 2) * scale;
  canvas.height = (height + header + pad) * scale;
  const context = canvas.getContext("2d");
  if (!context) throw new Error("no canvas");
  context.scale(scale, scale);
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, width + pad * 2, height + header + pad);
  const font = getComputedStyle(container).fontFamily || "sans-serif";
  context.fillStyle = "#1f2430";
  context.font = `600 16px ${font}`;
  context.textBaseline = "middle";
  context.fillText(title, pad, 24);
  let x = pad;
  context.font = `12px ${font}`;
  for (const item of legend) {
    context.fillStyle = item.color;
    context.beginPath();
    context.arc(x + 5, 48, 5, 0, Math.PI * 2);
    context.fill();
    context.fillStyle = "#495057";
    context.fillText(item.label, x + 14, 48);
    x += 14 + context.measureText(item.label).width + 18;
  }
  context.drawImage(image, pad, header, width, height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
  if (!blob) throw new Error("could not make the image");
  save(blob, filename);
}
