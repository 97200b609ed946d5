// Settings' shapes and the pure parts of its forms (tested in test/settings.test.ts).
import { kindLabel, stageLabel } from "./format";

export type CadenceType = "touch_every" | "after_order" | "after_case_resolved" | "after_stage";
export const CADENCE_TYPES: { id: CadenceType; label: string }[] = [
  { id: "touch_every", label: "A personal touch at least every N days" },
  { id: "after_order", label: "A task N days after each order" },
  { id: "after_case_resolved", label: "A task N days after a case is resolved" },
  { id: "after_stage", label: "A task N days after entering a stage" },
];
export const TASK_KINDS = ["follow_up", "post_purchase_conversation", "thank_you", "check_in", "custom"];

export interface CadenceTarget {
  stages: string[];
  source: string | null;
  tag: string | null;
  owner_id: string | null;
  min_value_cents: number | null;
}
export interface Cadence {
  id: string;
  name: string;
  type: CadenceType;
  days: number;
  task_kind: string | null;
  stage: string | null;
  target: CadenceTarget;
  active: boolean;
  version: number;
}

// What the cadence form edits; numbers stay text until sent, so a half-typed value is kept.
export interface CadenceForm {
  name: string;
  type: CadenceType;
  days: string;
  task_kind: string;
  stage: string;
  stages: string[];
  source: string;
  tag: string;
  active: boolean;
}

export function emptyCadenceForm(): CadenceForm {
  return { name: "", type: "touch_every", days: "30", task_kind: "follow_up", stage: "", stages: [], source: "", tag: "", active: true };
}

export function cadenceForm(r: Cadence): CadenceForm {
  return {
    name: r.name, type: r.type, days: String(r.days), task_kind: r.task_kind ?? "follow_up", stage: r.stage ?? "",
    stages: [...r.target.stages], source: r.target.source ?? "", tag: r.target.tag ?? "", active: r.active,
  };
}

// The request body: a touch rule creates no tasks (task_kind null), only after_stage has a stage;
// the target keeps what the form does not edit (owner, minimum value). A number the person typed
// badly is sent as typed, so the server's 422 names the field.
export function cadenceBody(f: CadenceForm, existing?: Cadence): Record<string, unknown> {
  const days = /^\s*\d+\s*$/.test(f.days) ? Number(f.days) : f.days;
  return {
    name: f.name.trim(),
    type: f.type,
    days,
    task_kind: f.type === "touch_every" ? null : f.task_kind,
    stage: f.type === "after_stage" ? f.stage || null : null,
    target: {
      stages: f.stages,
      source: f.source.trim() || null,
      tag: f.tag.trim() || null,
      owner_id: existing?.target.owner_id ?? null,
      min_value_cents: existing?.target.min_value_cents ?? null,
    },
    active: f.active,
  };
}

// "Romance customers, source referral, tag vip" or "Every customer".
export function targetText(t: CadenceTarget): string {
  const parts: string[] = [];
  if (t.stages.length) parts.push(`${t.stages.map(stageLabel).join(", ")} customers`);
  if (t.source) parts.push(`source ${t.source}`);
  if (t.tag) parts.push(`tag ${t.tag}`);
  if (t.owner_id) parts.push(`owner ${t.owner_id}`);
  if (t.min_value_cents !== null) parts.push(`margin at least ${Math.round(t.min_value_cents / 100)}`);
  return parts.length ? parts.join(", ") : "Every customer";
}

// "Touch every 45 days", "Thank you 2 days after each order", "Follow up 3 days after entering Lead".
export function ruleText(r: Pick<Cadence, "type" | "days" | "task_kind" | "stage">): string {
  const d = `${r.days} day${r.days === 1 ? "" : "s"}`;
  const task = kindLabel(r.task_kind ?? "follow_up");
  switch (r.type) {
    case "touch_every": return `Personal touch at least every ${d}`;
    case "after_order": return `${task} ${d} after each order`;
    case "after_case_resolved": return `${task} ${d} after a case is resolved`;
    case "after_stage": return `${task} ${d} after entering ${stageLabel(r.stage ?? "")}`;
  }
}

// 60 -> "1 h", 1440 -> "1 day", 4320 -> "3 days", 90 -> "1 h 30 min".
export function durationText(minutes: number): string {
  if (!Number.isFinite(minutes) || minutes <= 0) return "–";
  if (minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? "" : "s"}`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m ? `${h} h ${m} min` : `${h} h`;
}

// A whole number from a form field, or the text itself (the server then explains what is wrong).
export function numberOrText(v: string): number | string {
  return /^\s*-?\d+\s*$/.test(v) ? Number(v) : v;
}
