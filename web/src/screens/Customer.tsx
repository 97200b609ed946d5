// Customer 360: the header, the notes that must always be in sight (expectations, preferences,
// idiosyncrasies), the next best actions with their reasons, a touch logged in three clicks, and
// the customer's records in tabs (tasks, deals, orders, promises, referrals: screens/customer/Tabs),
// and the merged timeline, newest first, the next page loaded as its end scrolls into view.
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api";
import { Empty, ErrorNote } from "../components/ErrorNote";
import { currentDeadline, statusLabel, timeLeft, transfersText, type Case } from "../care";
import { Link } from "../components/Link";
import { LogTouch } from "../components/LogTouch";
import { loadUsers, userName } from "../users";
import { CustomerTabs } from "./customer/Tabs";
import { dateTime, kindLabel, money, stageLabel } from "../format";
import type { Customer as CustomerData, InteractionInput, Notes, NextAction, Page, TimelineEntry, User } from "../types";

export function Customer(props: { id: string }) {
  const [customer, setCustomer] = useState<CustomerData | null>(null);
  const [actions, setActions] = useState<NextAction[] | null>(null);
  const [timeline, setTimeline] = useState<TimelineEntry[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [figures, setFigures] = useState<Figures | null>(null);
  const [users, setUsers] = useState<User[] | null>(null);
  useEffect(() => {
    loadUsers().then(setUsers, () => setUsers([]));
  }, []);

  const load = async () => {
    setError(null);
    try {
      const [c, na, tl] = await Promise.all([
        api.get<CustomerData>(`/customers/${props.id}`),
        api.get<{ data: NextAction[] }>(`/customers/${props.id}/next-actions`),
        api.get<Page<TimelineEntry>>(`/customers/${props.id}/timeline`, { limit: 20 }),
      ]);
      setCustomer(c);
      setActions(na.data);
      setTimeline(tl.data);
      setCursor(tl.next_cursor);
    } catch (err) {
      setError(err);
    }
    // The figures are secondary: the page works without them, and says why one is missing.
    const [value, loyalty] = await Promise.allSettled([
      api.get<CustomerValue>(`/customers/${props.id}/value`),
      api.get<Loyalty>(`/customers/${props.id}/loyalty`),
    ]);
    setFigures({
      value: value.status === "fulfilled" ? value.value : null,
      loyalty: loyalty.status === "fulfilled" ? loyalty.value : null,
      error: value.status === "rejected" ? value.reason : null,
    });
  };
  useEffect(() => {
    setCustomer(null);
    load();
  }, [props.id]);

  const loadingOlder = useRef(false);
  const older = async () => {
    if (!cursor || loadingOlder.current) return;
    loadingOlder.current = true;
    try {
      const tl = await api.get<Page<TimelineEntry>>(`/customers/${props.id}/timeline`, { limit: 20, cursor });
      setTimeline((t) => [...(t ?? []), ...tl.data]);
      setCursor(tl.next_cursor);
    } catch (err) {
      setError(err);
    } finally {
      loadingOlder.current = false;
    }
  };

  // Infinite scroll: the next page loads when the end of the timeline comes into view.
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!cursor || !sentinel.current || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) older();
    });
    observer.observe(sentinel.current);
    return () => observer.disconnect();
  }, [cursor, timeline]);

  const saveNotes = async (notes: Notes) => {
    const updated = await api.patch<CustomerData>(`/customers/${props.id}`, { notes });
    setCustomer(updated);
    setNotice("Notes saved");
  };

  const logTouch = async (input: InteractionInput) => {
    await api.post(`/customers/${props.id}/interactions`, input);
    setNotice(`${kindLabel(input.kind)} logged`);
    await load();
  };

  if (!customer) {
    return (
      <section>
        {error ? <ErrorNote error={error} onRetry={load} /> : <p class="muted" aria-busy="true">Loading…</p>}
      </section>
    );
  }
  const notes = customer.notes;
  return (
    <section class="customer">
      <header class="customer-head">
        <h1>{customer.name}</h1>
        <div class="facts">
          <span class="badge stage">{stageLabel(customer.stage)}</span>
          <span>{kindLabel(customer.kind)}</span>
          {users && <span>Owner: {userName(users, customer.owner_id)}</span>}
          {customer.email && <span>{customer.email}</span>}
          {customer.phone && <span>{customer.phone}</span>}
          {customer.source && <span>Source: {customer.source}</span>}
          {customer.tags.map((t) => <span class="tag">{t}</span>)}
          {customer.archived_at && <span class="badge warn">Archived</span>}
        </div>
      </header>
      {figures && <FigureStrip figures={figures} currency={customer.currency} />}
      <ErrorNote error={error} onRetry={load} />
      {notice && <p class="notice" role="status">{notice}</p>}

      <div class="columns">
        <div>
          <NotesCard notes={notes} onSave={saveNotes} />
          <CareCard customerId={customer.id} />
          <section class="card" aria-label="Next best actions">
            <h2>Next best actions</h2>
            {actions && actions.length > 0 ? (
              <ul class="actions">
                {actions.map((a) => (
                  <li><strong>{kindLabel(a.kind)}</strong>: {a.reason}</li>
                ))}
              </ul>
            ) : (
              <p class="muted">Nothing is due for this customer. A touch now and then keeps it that way.</p>
            )}
          </section>
        </div>
        <div>
          <section class="card" aria-label="Log a touch">
            <h2>Log a touch</h2>
            <LogTouch onSubmit={logTouch} />
          </section>
          <CustomerTabs key={customer.id} customerId={customer.id} customerName={customer.name} currency={customer.currency} />
          <section class="card" aria-label="Timeline">
            <h2>Timeline</h2>
            {timeline && timeline.length > 0 ? (
              <ol class="timeline">
                {timeline.map((e) => <TimelineItem entry={e} currency={customer.currency} />)}
              </ol>
            ) : (
              <Empty title="Nothing on the timeline yet.">Log the first call, email or meeting above.</Empty>
            )}
            {cursor && (
              <div ref={sentinel}>
                <button type="button" onClick={older}>Show older</button>
              </div>
            )}
          </section>
        </div>
      </div>
    </section>
  );
}

interface CustomerValue {
  historical_value_cents: number | null;
  historical_margin_cents: number | null;
  predicted_clv_cents: number | null;
  p_alive: number | null;
  break_even_month: string | null;
  projected_break_even_month: string | null;
  reasons: Record<string, string>;
}
interface Loyalty {
  tier: { name: string } | null;
  balance: number;
}
interface Figures {
  value: CustomerValue | null;
  loyalty: Loyalty | null;
  error: unknown;
}

export function breakEvenText(v: CustomerValue): string {
  if (v.break_even_month) return `broke even ${v.break_even_month}`;
  if (v.projected_break_even_month) return `expected ${v.projected_break_even_month}`;
  return v.reasons.break_even_month ? "unknown" : "not yet";
}

function FigureStrip(props: { figures: Figures; currency: string }) {
  const v = props.figures.value;
  const l = props.figures.loyalty;
  if (!v) return <ErrorNote error={props.figures.error} />;
  const cell = (label: string, text: string, why?: string) => (
    <div class="figure" title={why}>
      <span class="label">{label}</span>
      <strong>{text}</strong>
    </div>
  );
  return (
    <div class="figures" aria-label="Figures">
      {cell("Value to date", money(v.historical_value_cents, props.currency), v.reasons.historical_value_cents)}
      {cell("Margin to date", money(v.historical_margin_cents, props.currency), v.reasons.historical_margin_cents)}
      {cell("Predicted value", money(v.predicted_clv_cents, props.currency), v.reasons.predicted_clv_cents)}
      {cell("Probability alive", v.p_alive === null ? "–" : `${Math.round(v.p_alive * 100)}%`, v.reasons.p_alive)}
      {cell("Break-even", breakEvenText(v), v.reasons.break_even_month)}
      {l && cell("Loyalty tier", l.tier ? kindLabel(l.tier.name) : "none", `${l.balance} points`)}
    </div>
  );
}

const NOTE_FIELDS: { key: keyof Notes; label: string; hint: string }[] = [
  { key: "expectations", label: "Expectations", hint: "What they expect from us, e.g. answers within a day" },
  { key: "preferences", label: "Preferences", hint: "How they like to be contacted, e.g. calls after 4 pm" },
  { key: "idiosyncrasies", label: "Idiosyncrasies", hint: "What to know about them, e.g. hates small talk" },
];

function NotesCard(props: { notes: Notes; onSave: (n: Notes) => Promise<void> }) {
  const [editing, setEditing] = useState<Notes | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const save = async (e: Event) => {
    e.preventDefault();
    if (!editing) return;
    setBusy(true);
    setError(null);
    try {
      const clean = (t: string | null) => (t && t.trim() ? t.trim() : null);
      await props.onSave({
        expectations: clean(editing.expectations),
        preferences: clean(editing.preferences),
        idiosyncrasies: clean(editing.idiosyncrasies),
      });
      setEditing(null);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card notes" aria-label="Notes">
      <div class="title-row">
        <h2>Keep in mind</h2>
        {!editing && <button type="button" onClick={() => setEditing({ ...props.notes })}>Edit notes</button>}
      </div>
      {editing ? (
        <form onSubmit={save} onKeyDown={(e) => e.key === "Escape" && setEditing(null)} class="notes-form">
          {NOTE_FIELDS.map((f) => (
            <label>
              {f.label}
              <textarea name={f.key} rows={2} placeholder={f.hint} value={editing[f.key] ?? ""}
                onInput={(e) => setEditing({ ...editing, [f.key]: (e.target as HTMLTextAreaElement).value })} />
            </label>
          ))}
          <ErrorNote error={error} />
          <div class="row">
            <button type="submit" class="primary" disabled={busy}>{busy ? "Saving…" : "Save notes"}</button>
            <button type="button" onClick={() => setEditing(null)}>Cancel</button>
          </div>
        </form>
      ) : (
        NOTE_FIELDS.map((f) => <NoteLine label={f.label} text={props.notes[f.key]} />)
      )}
    </section>
  );
}

function NoteLine(props: { label: string; text: string | null }) {
  return (
    <p>
      <span class="label">{props.label}</span>{" "}
      {props.text ? props.text : <span class="muted">None recorded yet.</span>}
    </p>
  );
}

type Obj = Record<string, unknown>;
const str = (o: Obj, k: string) => (typeof o[k] === "string" ? (o[k] as string) : "");

// One line of words for any timeline entry.
export function describeEntry(entry: TimelineEntry, currency = "USD"): string {
  const o = (entry[entry.type] ?? {}) as Obj;
  switch (entry.type) {
    case "interaction": {
      const dir = str(o, "direction") === "inbound" ? "from them" : "";
      return [kindLabel(str(o, "kind")), dir, str(o, "summary") && `— ${str(o, "summary")}`].filter(Boolean).join(" ");
    }
    case "stage_change":
      return `Stage ${str(o, "from") ? stageLabel(str(o, "from")) + " → " : ""}${stageLabel(str(o, "to"))}${str(o, "reason") ? ` (${str(o, "reason")})` : ""}`;
    case "order":
      return `Order ${money(typeof o.amount_cents === "number" ? o.amount_cents : null, str(o, "currency") || currency)}${str(o, "status") && str(o, "status") !== "placed" ? ` (${str(o, "status")})` : ""}`;
    case "task":
      return `Task: ${str(o, "title")}${str(o, "status") ? ` (${str(o, "status")})` : ""}`;
    case "case":
      return `Complaint case: ${str(o, "subject") || str(o, "title") || str(o, "summary") || str(o, "status")}`;
    case "feedback":
      return `Feedback: ${str(o, "kind") ? kindLabel(str(o, "kind")) : ""}${typeof o.score === "number" ? ` ${o.score}` : ""}${str(o, "comment") ? ` — ${str(o, "comment")}` : ""}`;
    case "promise":
      return `Promise: ${str(o, "description") || str(o, "what") || str(o, "summary")}${str(o, "status") ? ` (${str(o, "status")})` : ""}`;
    default:
      return kindLabel(String(entry.type));
  }
}

function TimelineItem(props: { entry: TimelineEntry; currency: string }) {
  return (
    <li class={`entry ${props.entry.type}`}>
      <time dateTime={props.entry.at}>{dateTime(props.entry.at)}</time>
      <span>{describeEntry(props.entry, props.currency)}</span>
    </li>
  );
}

interface CustomerCare {
  active_cases: Case[];
  cases_total: number;
  transfers_total: number;
  promises: { open: number; kept: number; broken: number; cancelled: number };
}

// The customer's live cases with the deadline each races, and the way to all of them (or a new one).
function CareCard(props: { customerId: string }) {
  const [care, setCare] = useState<CustomerCare | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setCare(null);
    api.get<CustomerCare>(`/customers/${props.customerId}/care`).then(setCare, setError);
  }, [props.customerId]);
  return (
    <section class="card" aria-label="Cases">
      <h2>Cases</h2>
      <ErrorNote error={error} />
      {care && (
        <>
          {care.active_cases.length === 0 ? (
            <p class="muted">No open case{care.cases_total ? ` (${care.cases_total} in all, ${transfersText(care.transfers_total)})` : ""}.</p>
          ) : (
            <ul class="actions">
              {care.active_cases.map((c) => {
                const d = currentDeadline(c);
                const left = d ? timeLeft(d.at) : null;
                return (
                  <li>
                    <strong>{c.title}</strong> <span class="muted small">{statusLabel(c.severity)} · {statusLabel(c.status)}</span>{" "}
                    {left && <span class={left.overdue ? "badge warn" : "badge"}>{d!.kind === "respond" ? "Respond" : "Resolve"}: {left.text}</span>}
                  </li>
                );
              })}
            </ul>
          )}
          {care.promises.open + care.promises.broken > 0 && (
            <p class="muted small">Promises: {care.promises.open} open, {care.promises.kept} kept, {care.promises.broken} broken.</p>
          )}
        </>
      )}
      <Link to={`/cases?customer_id=${props.customerId}`}>Cases: see or open one</Link>
    </section>
  );
}
