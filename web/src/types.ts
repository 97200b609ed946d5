// The API's shapes that the screens use (see /api/v1/openapi.json for the whole contract).

export type Stage = "contact" | "lead" | "proposal" | "negotiation" | "order" | "romance" | "lost" | "churned";

export interface User {
  id: string;
  email: string;
  name: string;
  role: "admin" | "manager" | "rep";
  team: string | null;
  active?: boolean;
  has_password?: boolean;
}

export interface SignedIn {
  user: User;
  csrf_token: string | null;
  expires_at: string;
}

export interface Notes {
  expectations: string | null;
  preferences: string | null;
  idiosyncrasies: string | null;
}

export interface Customer {
  id: string;
  kind: "person" | "company";
  name: string;
  company_id: string | null;
  email: string | null;
  phone: string | null;
  owner_id: string;
  source: string | null;
  tags: string[];
  notes: Notes;
  stage: Stage;
  stage_changed_at: string;
  created_at: string;
  updated_at?: string;
  currency: string;
  archived_at: string | null;
  version: number;
  historical_value_cents?: number | null; // with include=value
  predicted_clv_cents?: number | null; // with include=value
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export interface Task {
  id: string;
  customer_id: string;
  owner_id: string;
  kind: string;
  title: string;
  notes: string | null;
  due_at: string;
  status: string;
  version: number;
  customer_name?: string | null; // on Today's lists
}

export interface ForgottenCustomer {
  customer_id: string;
  name: string;
  stage: Stage;
  value_cents: number;
  last_touch_at: string | null;
  days_since_touch: number | null;
  cadence_days: number;
  cadence_name: string;
  reason: string;
}

export interface WaitingReply {
  interaction_id: string;
  customer_id: string;
  customer_name: string;
  channel: string | null;
  summary: string;
  received_at: string;
  reply_due_at: string;
  overdue: boolean;
}

export interface Today {
  user_id: string;
  now: string;
  overdue_tasks: { total: number; data: Task[] };
  due_today: { total: number; until: string; data: Task[] };
  forgotten: { total: number; data: ForgottenCustomer[]; next_cursor: string | null };
  replies: { total: number; until: string; data: WaitingReply[] };
  scheduler?: { stale: boolean; message: string };
}

export type InteractionKind =
  | "email"
  | "call"
  | "meeting"
  | "social"
  | "note"
  | "thank_you"
  | "event_invitation"
  | "survey"
  | "newsletter";

export interface InteractionInput {
  kind: InteractionKind;
  summary?: string;
  direction?: "inbound" | "outbound";
}

export interface NextAction {
  kind: string;
  priority: number;
  reason: string;
}

export interface TimelineEntry {
  type: "interaction" | "stage_change" | "task" | "order" | "case" | "feedback" | "promise";
  at: string;
  [key: string]: unknown;
}
