// Funnel and probability-alive logic for the Economics screen and its tests (no Chart.js here).
import type { Reasons } from "./econ";

export interface FunnelStage { stage: string; reached: number; conversion: number | null; median_days_in_stage: number | null }
export interface FunnelReport { from: string; to: string; stages: FunnelStage[]; reasons: Reasons }
export interface PAliveBin { from: number; to: number; count: number }
export interface PAlive {
  bins: PAliveBin[]; scored: number; unscored: number; model: string | null; version: number | null;
  fitted_at: string | null; reasons: Reasons;
}

export function funnelIsEmpty(f: FunnelReport): boolean {
  return f.stages.every((s) => s.reached === 0);
}

// From the first stage to the last: the share of the contacts of the period who reached romance.
export function overallConversion(f: FunnelReport): number | null {
  const first = f.stages[0]?.reached ?? 0;
  const last = f.stages[f.stages.length - 1]?.reached ?? 0;
  return first > 0 ? last / first : null;
}

export function days(x: number | null | undefined): string {
  if (x === null || x === undefined) return "–";
  return `${x >= 10 ? x.toFixed(0) : x.toFixed(1)} days`;
}

// 0.1 .. 0.2 -> "10–20%"
export function binLabel(b: PAliveBin): string {
  return `${Math.round(b.from * 100)}–${Math.round(b.to * 100)}%`;
}

// "2026-12-01T02:00:00.000Z" -> "2026-12-01"
export function period(f: FunnelReport): string {
  return `${f.from.slice(0, 10)} to ${f.to.slice(0, 10)}`;
}

// Share of the scored customers likely still buying (p_alive at least 0.5).
export function likelyAlive(p: PAlive): number | null {
  if (p.scored === 0) return null;
  return p.bins.filter((b) => b.from >= 0.5 - 1e-9).reduce((n, b) => n + b.count, 0) / p.scored;
}
