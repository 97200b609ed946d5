// Plain formatting shared by the screens; pure functions, tested in test/format.test.ts.
import type { Stage } from "./types";

export const STAGES: Stage[] = ["contact", "lead", "proposal", "negotiation", "order", "romance", "lost", "churned"];

export function stageLabel(stage: string): string {
  return stage.charAt(0).toUpperCase() + stage.slice(1);
}

export function money(cents: number | null | undefined, currency = "USD"): string {
  if (cents === null || cents === undefined) return "–";
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency, maximumFractionDigits: 0 }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(0)} ${currency}`;
  }
}

const DAY = 86_400_000;

// "today", "tomorrow", "in 3 days", "yesterday", "5 days ago", relative to `now`.
export function relativeDay(iso: string, now: Date = new Date()): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const startOf = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((startOf(t) - startOf(now)) / DAY);
  if (days === 0) return "today";
  if (days === 1) return "tomorrow";
  if (days === -1) return "yesterday";
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

export function dateTime(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  return t.toLocaleString("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
}

// "28 Mar 2026": a date in a list, where the time of day is noise.
export function shortDate(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  return t.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });
}

export function kindLabel(kind: string): string {
  const words = kind.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// The interaction a task is most likely done with: a thank-you note for a thank-you task, a call
// for a conversation, otherwise a call.
export function interactionKindForTask(taskKind: string): "thank_you" | "call" | "email" | "meeting" {
  if (taskKind === "thank_you") return "thank_you";
  if (taskKind.includes("email")) return "email";
  if (taskKind.includes("meeting")) return "meeting";
  return "call";
}
