// Case logic shared by the Cases screen and its tests: the deadline that matters now, the time
// left in words, the moves the status machine allows, and the queue order.

export type CaseStatus = "open" | "in_progress" | "resolved" | "closed";
export type Severity = "low" | "normal" | "high" | "urgent";

export interface Case {
  id: string;
  customer_id: string;
  title: string;
  description: string | null;
  severity: Severity;
  channel: string;
  owner_id: string;
  status: CaseStatus;
  respond_by: string;
  resolve_by: string;
  first_response_at: string | null;
  response_breached: boolean;
  resolution_breached: boolean;
  resolution: string | null;
  opened_at: string;
  reopen_count: number;
  transfer_count: number;
  version: number;
}

export const CASE_STATUSES: CaseStatus[] = ["open", "in_progress", "resolved", "closed"];
export const SEVERITIES: Severity[] = ["urgent", "high", "normal", "low"];

export function statusLabel(s: string): string {
  return s === "in_progress" ? "In progress" : s.charAt(0).toUpperCase() + s.slice(1);
}

// The server's status machine (openapi: open -> in_progress -> resolved -> closed; open ->
// resolved; resolved or closed -> open reopens). The server has the last word.
export function allowedMoves(status: CaseStatus): CaseStatus[] {
  switch (status) {
    case "open":
      return ["in_progress", "resolved"];
    case "in_progress":
      return ["resolved"];
    case "resolved":
      return ["closed", "open"];
    case "closed":
      return ["open"];
  }
}

// The deadline the case is racing now: the first response until there is one, then resolution;
// none once resolved or closed.
export function currentDeadline(c: Pick<Case, "status" | "first_response_at" | "respond_by" | "resolve_by">):
  { kind: "respond" | "resolve"; at: string } | null {
  if (c.status === "resolved" || c.status === "closed") return null;
  if (!c.first_response_at) return { kind: "respond", at: c.respond_by };
  return { kind: "resolve", at: c.resolve_by };
}

// "3 h 20 min left", "2 days 4 h left", "overdue by 45 min".
export function timeLeft(iso: string, now: number = Date.now()): { text: string; overdue: boolean } {
  const ms = new Date(iso).getTime() - now;
  if (Number.isNaN(ms)) return { text: iso, overdue: false };
  const overdue = ms < 0;
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const span = duration(minutes);
  return { text: overdue ? `overdue by ${span}` : `${span} left`, overdue };
}

// Minutes in words at two units at most: "45 min", "3 h 20 min", "2 days 4 h".
export function duration(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  const day = d === 1 ? "1 day" : `${d} days`;
  return h % 24 ? `${day} ${h % 24} h` : day;
}

export function transfersText(n: number): string {
  if (n <= 0) return "never transferred";
  if (n === 1) return "transferred once";
  if (n === 2) return "transferred twice";
  return `transferred ${n} times`;
}

// The queue: live cases by the deadline they race (soonest, i.e. most overdue, first), then the
// finished ones, most recently opened first.
export function byDeadline(cases: Case[]): Case[] {
  const key = (c: Case) => {
    const d = currentDeadline(c);
    return d ? new Date(d.at).getTime() : Number.POSITIVE_INFINITY;
  };
  return [...cases].sort((a, b) => key(a) - key(b) || b.opened_at.localeCompare(a.opened_at));
}
