// Customer 360's records, one tab each: tasks, deals, orders, promises, referrals. Each tab loads
// when first opened, pages with "Show more", and says what to do when it is empty.
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api } from "../../api";
import { Empty, ErrorNote } from "../../components/ErrorNote";
import { Link } from "../../components/Link";
import { dateTime, kindLabel, money } from "../../format";
import { usePager } from "../../paging";
import type { Page, Task, User } from "../../types";
import { loadUsers, userName } from "../../users";

export const TABS = [
  { id: "tasks", label: "Tasks" },
  { id: "deals", label: "Deals" },
  { id: "orders", label: "Orders" },
  { id: "promises", label: "Promises" },
  { id: "referrals", label: "Referrals" },
] as const;
export type TabId = (typeof TABS)[number]["id"];

const PAGE = 10;

export interface Deal {
  id: string;
  title: string;
  stage: "proposal" | "negotiation" | "won" | "lost";
  amount_cents: number;
  currency: string;
  probability_percent: number;
  expected_close_date: string | null;
  owner_id: string;
  lost_reason: string | null;
  competitor: string | null;
}
export interface Order {
  id: string;
  ordered_at: string;
  currency: string;
  channel: string | null;
  amount_cents: number;
  margin_cents: number;
  refunded_cents: number;
  net_amount_cents: number;
  status: "placed" | "partially_refunded" | "refunded" | "cancelled";
  lines: { product_id: string; quantity: number }[];
}
export interface Promise_ {
  id: string;
  kind: string;
  description: string;
  promised_by: string;
  due_at: string;
  status: "open" | "kept" | "broken" | "cancelled";
  broken_automatically: boolean;
}
export interface Referral {
  id: string;
  referrer_id: string;
  referrer_name: string;
  referred_id: string;
  referred_name: string;
  referred_at: string;
  channel: string | null;
  note: string | null;
}

// The words of a deal's state: "Won", "Lost: too expensive (chose Acme)", "Negotiation · 60%".
export function dealState(d: Deal): string {
  if (d.stage === "won") return "Won";
  if (d.stage === "lost") {
    const why = [d.lost_reason, d.competitor ? `chose ${d.competitor}` : null].filter(Boolean).join("; ");
    return why ? `Lost: ${why}` : "Lost";
  }
  return `${kindLabel(d.stage)} · ${d.probability_percent}%`;
}

// The words of an order's amount: net of refunds when there were any.
export function orderAmount(o: Order): string {
  if (o.status === "cancelled") return `${money(o.amount_cents, o.currency)} (cancelled)`;
  if (o.refunded_cents > 0) return `${money(o.net_amount_cents, o.currency)} (of ${money(o.amount_cents, o.currency)}; ${money(o.refunded_cents, o.currency)} refunded)`;
  return money(o.amount_cents, o.currency);
}

export function CustomerTabs(props: { customerId: string; customerName: string; currency: string }) {
  const [tab, setTab] = useState<TabId>("tasks");
  const [users, setUsers] = useState<User[] | null>(null);
  useEffect(() => {
    loadUsers().then(setUsers, () => setUsers([]));
  }, []);
  const onKey = (e: KeyboardEvent) => {
    const i = TABS.findIndex((t) => t.id === tab);
    const next = e.key === "ArrowRight" ? i + 1 : e.key === "ArrowLeft" ? i - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const t = TABS[(next + TABS.length) % TABS.length];
    setTab(t.id);
    (document.getElementById(`tab-${t.id}`) as HTMLElement | null)?.focus();
  };
  const p = { customerId: props.customerId, customerName: props.customerName, currency: props.currency, users };
  return (
    <section class="card records" aria-label="Records">
      <div role="tablist" aria-label="Records of this customer" class="tabs" onKeyDown={onKey}>
        {TABS.map((t) => (
          <button type="button" role="tab" id={`tab-${t.id}`} aria-selected={tab === t.id} aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1} class={tab === t.id ? "tab on" : "tab"} onClick={() => setTab(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === "tasks" ? <TasksTab {...p} /> :
         tab === "deals" ? <DealsTab {...p} /> :
         tab === "orders" ? <OrdersTab {...p} /> :
         tab === "promises" ? <PromisesTab {...p} /> :
         <ReferralsTab {...p} />}
      </div>
    </section>
  );
}

interface TabProps {
  customerId: string;
  customerName: string;
  currency: string;
  users: User[] | null;
}

function Paged<T>(props: {
  list: { rows: T[] | null; cursor: string | null; error: unknown; loading: boolean; more: () => void; reload: () => void };
  label: string;
  head: ComponentChildren;
  row: (x: T) => ComponentChildren;
  empty: ComponentChildren;
}) {
  const l = props.list;
  return (
    <>
      <ErrorNote error={l.error} onRetry={l.rows === null ? l.reload : l.more} />
      {l.rows === null ? (
        !l.error && <p class="muted" aria-busy="true">Loading…</p>
      ) : l.rows.length === 0 ? (
        props.empty
      ) : (
        <>
          <table class="table" aria-label={props.label}>
            <thead><tr>{props.head}</tr></thead>
            <tbody>{l.rows.map(props.row)}</tbody>
          </table>
          {l.cursor && <button type="button" onClick={l.more} disabled={l.loading}>{l.loading ? "Loading…" : "Show more"}</button>}
        </>
      )}
    </>
  );
}

function TasksTab(props: TabProps) {
  const [status, setStatus] = useState<"open" | "done" | "all">("open");
  const list = usePager<Task & { done_at?: string | null; outcome?: string | null }>(
    (cursor) => api.get<Page<Task>>("/tasks", { customer_id: props.customerId, status, limit: PAGE, cursor }),
    `${props.customerId}:${status}`,
  );
  return (
    <>
      <div class="row tab-tools">
        <label class="inline">Show
          <select name="task_status" value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value as typeof status)}>
            <option value="open">Open tasks</option>
            <option value="done">Done tasks</option>
            <option value="all">All tasks</option>
          </select>
        </label>
      </div>
      <Paged list={list} label="Tasks of this customer"
        head={<><th>Due</th><th>Task</th><th>Owner</th><th>Status</th></>}
        row={(t) => (
          <tr key={t.id}>
            <td class="small">{dateTime(t.due_at)}</td>
            <td>{t.title}{t.notes ? <span class="muted small"> — {t.notes}</span> : null}</td>
            <td>{userName(props.users, t.owner_id)}</td>
            <td>{t.status === "done" ? (t.outcome === "skipped" ? "Skipped" : "Done") : new Date(t.due_at).getTime() < Date.now() ? <span class="badge warn">Overdue</span> : "Open"}</td>
          </tr>
        )}
        empty={<Empty title={status === "done" ? "No task done yet." : status === "open" ? "No open task." : "No tasks yet."}>
          Cadences create tasks after orders and when a touch is due; complete them from Today. Log a touch above to keep in contact.
        </Empty>} />
    </>
  );
}

function DealsTab(props: TabProps) {
  const list = usePager<Deal>(
    (cursor) => api.get<Page<Deal>>("/deals", { customer_id: props.customerId, limit: PAGE, cursor }),
    props.customerId,
  );
  return (
    <Paged list={list} label="Deals of this customer"
      head={<><th>Deal</th><th>State</th><th>Amount</th><th>Expected close</th><th>Owner</th></>}
      row={(d) => (
        <tr key={d.id}>
          <td>{d.title}</td>
          <td>{dealState(d)}</td>
          <td class="value">{money(d.amount_cents, d.currency)}</td>
          <td class="small">{d.expected_close_date ?? "–"}</td>
          <td>{userName(props.users, d.owner_id)}</td>
        </tr>
      )}
      empty={<Empty title="No deals yet.">
        Propose one through the API (POST /api/v1/deals) when an offer goes out; it shows on the <Link to="/pipeline">Pipeline</Link> too.
      </Empty>} />
  );
}

function OrdersTab(props: TabProps) {
  const list = usePager<Order>(
    (cursor) => api.get<Page<Order>>("/orders", { customer_id: props.customerId, limit: PAGE, cursor }),
    props.customerId,
  );
  return (
    <Paged list={list} label="Orders of this customer"
      head={<><th>Ordered</th><th>Amount</th><th>Margin</th><th>Items</th><th>Channel</th><th>Status</th></>}
      row={(o) => (
        <tr key={o.id}>
          <td class="small">{dateTime(o.ordered_at)}</td>
          <td class="value">{orderAmount(o)}</td>
          <td class="value">{money(o.margin_cents, o.currency)}</td>
          <td>{o.lines.reduce((n, l) => n + l.quantity, 0) || "–"}</td>
          <td>{o.channel ?? ""}</td>
          <td>{kindLabel(o.status)}</td>
        </tr>
      )}
      empty={<Empty title="No orders yet.">
        Orders arrive from the shop or the API (POST /api/v1/orders), or when a deal is won; the first one moves the customer to Order.
      </Empty>} />
  );
}

function PromisesTab(props: TabProps) {
  const list = usePager<Promise_>(
    (cursor) => api.get<Page<Promise_>>("/promises", { customer_id: props.customerId, limit: PAGE, cursor }),
    props.customerId,
  );
  return (
    <Paged list={list} label="Promises to this customer"
      head={<><th>Promise</th><th>Kind</th><th>Due</th><th>By</th><th>Status</th></>}
      row={(x) => (
        <tr key={x.id}>
          <td>{x.description}</td>
          <td>{kindLabel(x.kind)}</td>
          <td class="small">{dateTime(x.due_at)}</td>
          <td>{userName(props.users, x.promised_by)}</td>
          <td>{x.status === "broken" ? <span class="badge warn">Broken{x.broken_automatically ? " (due passed)" : ""}</span> : kindLabel(x.status)}</td>
        </tr>
      )}
      empty={<Empty title="No promises made to this customer.">
        When you promise a remedy or a date, record it with the case (<Link to={`/cases?customer_id=${props.customerId}`}>Cases</Link>) so it is kept.
      </Empty>} />
  );
}

function ReferralsTab(props: TabProps) {
  const brought = usePager<Referral>(
    (cursor) => api.get<Page<Referral>>("/referrals", { referrer_id: props.customerId, limit: PAGE, cursor }),
    props.customerId,
  );
  const [by, setBy] = useState<Referral | null | undefined>(undefined);
  const [byError, setByError] = useState<unknown>(null);
  useEffect(() => {
    setBy(undefined);
    api.get<Page<Referral>>("/referrals", { referred_id: props.customerId, limit: 1 })
      .then((p) => setBy(p.data[0] ?? null), setByError);
  }, [props.customerId]);
  return (
    <>
      <ErrorNote error={byError} />
      {by !== undefined && (
        <p>
          {by ? <>Referred by <Link to={`/customers/${by.referrer_id}`}>{by.referrer_name}</Link> on {dateTime(by.referred_at)}{by.channel ? ` (${by.channel})` : ""}.</>
            : <span class="muted">Nobody referred {props.customerName} (or it was not recorded).</span>}
        </p>
      )}
      <h3>Customers {props.customerName} brought</h3>
      <Paged list={brought} label="Customers this customer referred"
        head={<><th>Customer</th><th>Referred</th><th>Channel</th><th>Note</th></>}
        row={(r) => (
          <tr key={r.id}>
            <td><Link to={`/customers/${r.referred_id}`}>{r.referred_name}</Link></td>
            <td class="small">{dateTime(r.referred_at)}</td>
            <td>{r.channel ?? ""}</td>
            <td>{r.note ?? ""}</td>
          </tr>
        )}
        empty={<Empty title="No referrals from this customer yet.">
          A happy customer is the best salesperson: ask a promoter for a name, and record it (POST /api/v1/referrals).
        </Empty>} />
    </>
  );
}
