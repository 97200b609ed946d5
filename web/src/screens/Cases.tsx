// Cases: my queue by deadline (the deadline a case races now: first response, then resolution),
// each with severity, status, time left or overdue, and how often it changed hands. Move a case
// through its statuses: the allowed moves come first, the server decides, a refused move says
// why; resolving asks for the resolution. Opened for one customer (?customer_id=), it lists theirs
// and opens a new one. Below, the care dashboard's numbers.
import { useEffect, useState } from "preact/hooks";
import { api, describeError } from "../api";
import { Empty, ErrorNote } from "../components/ErrorNote";
import { Link } from "../components/Link";
import {
  allowedMoves, byDeadline, CASE_STATUSES, currentDeadline, SEVERITIES, statusLabel, timeLeft, transfersText,
  type Case, type CaseStatus, type Severity,
} from "../care";
import type { Customer, Page } from "../types";
import { CaseFigures } from "./CaseFigures";

const PAGE = 50;

// Keyed by the customer in the shell: another customer (or none) starts afresh (its filters, no
// stale list on screen).
export function Cases(props: { customerId: string }) {
  const [owner, setOwner] = useState(props.customerId ? "" : "me");
  const [status, setStatus] = useState("active");
  const [severity, setSeverity] = useState("");
  const [cases, setCases] = useState<Case[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [names, setNames] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);

  const query = (more?: string) => ({ owner_id: owner, status, severity, customer_id: props.customerId, limit: PAGE, cursor: more });
  const load = async (more?: string) => {
    setError(null);
    try {
      const page = await api.get<Page<Case>>("/cases", query(more));
      setCases((prev) => (more ? [...(prev ?? []), ...page.data] : page.data));
      setCursor(page.next_cursor);
      // The customers' names: the cases carry only their ids.
      const ids = [...new Set([...(props.customerId ? [props.customerId] : []), ...page.data.map((c) => c.customer_id)])]
        .filter((id) => !names[id]);
      const found = await Promise.allSettled(ids.map((id) => api.get<Customer>(`/customers/${id}`)));
      const add: Record<string, string> = {};
      found.forEach((r) => {
        if (r.status === "fulfilled") add[r.value.id] = r.value.name;
      });
      setNames((n) => ({ ...n, ...add }));
    } catch (err) {
      setError(err);
    }
  };
  useEffect(() => {
    load();
  }, [owner, status, severity, props.customerId]);

  const replace = (c: Case) => setCases((list) => (list ?? []).map((x) => (x.id === c.id ? c : x)));
  const move = async (c: Case, to: CaseStatus, resolution?: string) => {
    setMessage(null);
    try {
      const updated = await api.patch<Case>(`/cases/${c.id}`, { status: to, ...(resolution ? { resolution } : {}) });
      replace(updated);
      setMessage({ text: `“${c.title}” is now ${statusLabel(updated.status).toLowerCase()}.`, ok: true });
    } catch (err) {
      setMessage({ text: `“${c.title}” was not moved to ${statusLabel(to).toLowerCase()}: ${describeError(err)}`, ok: false });
      throw err;
    }
  };

  const list = cases ? byDeadline(cases) : null;
  const customerName = props.customerId ? names[props.customerId] : undefined;
  return (
    <section class="cases-page">
      <div class="title-row">
        <h1>{props.customerId ? `Cases of ${customerName ?? `customer ${props.customerId}`}` : "Cases"}</h1>
        {props.customerId && <Link to={`/customers/${props.customerId}`}>Back to the customer</Link>}
      </div>
      <div class="filters">
        <select aria-label="Whose cases" value={owner} onChange={(e) => setOwner((e.target as HTMLSelectElement).value)}>
          <option value="me">My cases</option>
          <option value="">Every case I can see</option>
        </select>
        <select aria-label="Status" value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}>
          <option value="active">Open or in progress</option>
          <option value="any">Any status</option>
          {CASE_STATUSES.map((s) => <option value={s}>{statusLabel(s)}</option>)}
        </select>
        <select aria-label="Severity" value={severity} onChange={(e) => setSeverity((e.target as HTMLSelectElement).value)}>
          <option value="">Any severity</option>
          {SEVERITIES.map((s) => <option value={s}>{statusLabel(s)}</option>)}
        </select>
      </div>
      {props.customerId && <NewCase customerId={props.customerId} onOpened={(c) => {
        setMessage({ text: `Case “${c.title}” opened.`, ok: true });
        setCases((l) => [c, ...(l ?? [])]);
      }} />}
      {message && <p class={message.ok ? "notice" : "error"} role={message.ok ? "status" : "alert"}>{message.text}</p>}
      <ErrorNote error={error} onRetry={() => load()} />
      {list === null && !error && <p class="muted" aria-busy="true">Loading cases…</p>}
      {list && list.length === 0 && (
        <Empty title="No cases here.">
          {owner === "me" ? "Nothing waits for you. Choose “Every case I can see” to look wider, or open a case from a customer's page." : "Try another status or severity."}
        </Empty>
      )}
      {list && list.length > 0 && (
        <ul class="list" aria-label="Cases">
          {list.map((c) => <CaseItem key={c.id} c={c} customerName={names[c.customer_id]} onMove={move} />)}
        </ul>
      )}
      {cursor && <button type="button" onClick={() => load(cursor)}>Show more</button>}
      {!props.customerId && <CaseFigures />}
    </section>
  );
}

export function CaseItem(props: { c: Case; customerName?: string; onMove: (c: Case, to: CaseStatus, resolution?: string) => Promise<void> }) {
  const { c } = props;
  const [resolving, setResolving] = useState(false);
  const [resolution, setResolution] = useState("");
  const [busy, setBusy] = useState(false);
  const deadline = currentDeadline(c);
  const left = deadline ? timeLeft(deadline.at) : null;
  const allowed = allowedMoves(c.status);
  const others = CASE_STATUSES.filter((s) => s !== c.status && !allowed.includes(s));

  const request = async (to: CaseStatus) => {
    if (to === "resolved") {
      setResolving(true);
      return;
    }
    setBusy(true);
    await props.onMove(c, to).catch(() => {});
    setBusy(false);
  };
  const resolve = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      await props.onMove(c, "resolved", resolution.trim());
      setResolving(false);
    } catch {
      // the reason is shown above the list
    } finally {
      setBusy(false);
    }
  };

  return (
    <li class="item case" data-case-id={c.id}>
      <div class="main">
        <strong>{c.title}</strong>
        <div class="muted small">
          <Link to={`/customers/${c.customer_id}`}>{props.customerName ?? `Customer ${c.customer_id}`}</Link>
          {" · "}{transfersText(c.transfer_count)}
          {c.reopen_count > 0 && ` · reopened ${c.reopen_count}×`}
        </div>
      </div>
      <span class={`badge sev-${c.severity}`}>{statusLabel(c.severity)}</span>
      <span class="badge">{statusLabel(c.status)}</span>
      {deadline && left ? (
        <span class={left.overdue ? "badge warn" : "badge"} title={`${deadline.kind === "respond" ? "Respond" : "Resolve"} by ${new Date(deadline.at).toLocaleString()}`}>
          {deadline.kind === "respond" ? "Respond" : "Resolve"}: {left.text}
        </span>
      ) : (
        <span class="muted small">{c.resolution ? `Resolution: ${c.resolution}` : ""}</span>
      )}
      {(c.response_breached || c.resolution_breached) && (
        <span class="badge warn">{c.response_breached ? "response" : ""}{c.response_breached && c.resolution_breached ? " and " : ""}{c.resolution_breached ? "resolution" : ""} deadline missed</span>
      )}
      <select aria-label={`Change status of ${c.title}`} value="" disabled={busy} onChange={(e) => {
        const to = (e.target as HTMLSelectElement).value as CaseStatus;
        (e.target as HTMLSelectElement).value = "";
        if (to) request(to);
      }}>
        <option value="">Change status…</option>
        <optgroup label="Allowed">{allowed.map((s) => <option value={s}>{statusLabel(s)}</option>)}</optgroup>
        {others.length > 0 && <optgroup label="Not allowed from here">{others.map((s) => <option value={s}>{statusLabel(s)}</option>)}</optgroup>}
      </select>
      {resolving && (
        <form class="resolve row" aria-label={`Resolve ${c.title}`} onSubmit={resolve}>
          <label>Resolution (what was done)
            <input name="resolution" required autoFocus value={resolution} onInput={(e) => setResolution((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit" class="primary" disabled={busy}>Resolve</button>
          <button type="button" onClick={() => setResolving(false)}>Cancel</button>
        </form>
      )}
    </li>
  );
}

function NewCase(props: { customerId: string; onOpened: (c: Case) => void }) {
  const [title, setTitle] = useState("");
  const [severity, setSeverity] = useState<Severity>("normal");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const c = await api.post<Case>("/cases", { customer_id: props.customerId, title: title.trim(), severity });
      setTitle("");
      props.onOpened(c);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card row" aria-label="Open a case" onSubmit={submit}>
      <label style="flex:1">What went wrong<input name="title" required value={title} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} /></label>
      <label>Severity
        <select value={severity} onChange={(e) => setSeverity((e.target as HTMLSelectElement).value as Severity)}>
          {SEVERITIES.map((s) => <option value={s}>{statusLabel(s)}</option>)}
        </select>
      </label>
      <button type="submit" class="primary" disabled={busy}>Open case</button>
      <ErrorNote error={error} />
    </form>
  );
}
