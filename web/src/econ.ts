// Economics logic shared by the Economics screen and its tests: the reasons a figure is missing in
// words, the heatmap's colour scale, and number formats. No Chart.js here, so the tests and the
// first load do not pull it in.

export type Reasons = Record<string, string>;

const FIGURE_NAMES: Record<string, string> = {
  cac_cents: "CAC",
  ltv_cents: "LTV",
  ltv_to_cac: "LTV:CAC",
  median_months_to_break_even: "Months to break even",
  model: "Model",
  customers_expected_lost: "Customers expected lost",
  customers_kept: "Customers kept",
  value_cents: "Value",
};

// {"ltv_cents": "no purchase model is fitted"} -> ["LTV: no purchase model is fitted."]
export function reasonsInWords(reasons: Reasons | null | undefined): string[] {
  if (!reasons) return [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const [key, why] of Object.entries(reasons)) {
    const name = FIGURE_NAMES[key] ?? key.replace(/_cents$/, "").replace(/_/g, " ");
    const text = why.trim().replace(/[.]?$/, ".");
    const line = `${name}: ${text}`;
    if (!seen.has(line)) seen.add(line), out.push(line);
  }
  return out;
}

// A retention share 0..1 as a cell colour: white at 0 to the brand green at the top of the scale
// (`max`, the largest share after the first month, so small shares still show), and text that
// stays readable on it.
export function heatColour(share: number, max = 1): { background: string; color: string } {
  const t = max > 0 ? Math.min(1, Math.max(0, share / max)) : 0;
  const lightness = Math.round(97 - t * 62); // 97% (near white) .. 35%
  return { background: `hsl(152, 45%, ${lightness}%)`, color: lightness < 60 ? "#fff" : "#1d2b24" };
}

// The top of the heatmap's scale: the largest share after month 0 (always 100%).
export function heatMax(rows: { retention: number[] }[]): number {
  let max = 0;
  for (const r of rows) for (let i = 1; i < r.retention.length; i++) max = Math.max(max, r.retention[i]);
  return max || 1;
}

export function percent(share: number | null | undefined, digits = 0): string {
  if (share === null || share === undefined || Number.isNaN(share)) return "–";
  return `${(share * 100).toFixed(digits)}%`;
}

export function ratio(x: number | null | undefined): string {
  if (x === null || x === undefined) return "–";
  return `${x >= 10 ? x.toFixed(0) : x.toFixed(1)}×`;
}

export function sourceLabel(source: string | null): string {
  if (!source) return "No source";
  const words = source.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const WHAT_IF_UPLIFTS = [0.01, 0.02, 0.05, 0.1, 0.2];
