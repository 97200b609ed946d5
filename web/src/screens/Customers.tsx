// Customers: search as you type (the server's `q`), filters by stage, owner, source and tag,
// sorting by clicking a column header, cursor paging with "Show more", a form to create a
// customer, and (managers and admins) bulk reassignment: tick rows, pick the new owner, confirm.
// The filters live in the address, so a filtered list can be bookmarked. Answers to an older
// search never overwrite a newer one.
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api";
import { Empty, ErrorNote, FieldNote } from "../components/ErrorNote";
import { Link } from "../components/Link";
import {
  ariaSort, customersUrl, describeReassignError, filtersFromSearch, hasFilters, nextSort,
  type CustomerFilters, type SortField,
} from "../customerList";
import { STAGES, shortDate, stageLabel } from "../format";
import { usePager } from "../paging";
import { navigate } from "../router";
import type { Customer, Page, User } from "../types";
import { loadUsers, userName } from "../users";

const PAGE = 25;

export function Customers(props: { search: string; user: User }) {
  const [f, setF] = useState<CustomerFilters>(() => filtersFromSearch(props.search));
  // Typing waits 200 ms before it asks the server; the pickers ask at once.
  const [query, setQuery] = useState<CustomerFilters>(f);
  const [creating, setCreating] = useState(false);
  const [users, setUsers] = useState<User[] | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  const canReassign = props.user.role !== "rep";

  useEffect(() => {
    loadUsers().then(setUsers, () => setUsers([]));
  }, []);

  // The timer reads the filters when it fires: a stage picked meanwhile is not undone.
  const latest = useRef(f);
  latest.current = f;
  useEffect(() => {
    const timer = setTimeout(() => setQuery(latest.current), 200);
    return () => clearTimeout(timer);
  }, [f.q, f.source, f.tag]);
  useEffect(() => setQuery(f), [f.stage, f.owner_id, f.sort]);

  // The address follows what is typed at once (so it can be copied), the list follows `query`.
  useEffect(() => {
    const url = customersUrl(f);
    if (location.pathname + location.search !== url) history.replaceState(null, "", url);
  }, [f]);

  const key = customersUrl(query);
  const list = usePager<Customer>(
    (cursor) => api.get<Page<Customer>>("/customers", {
      q: query.q.trim(), stage: query.stage, owner_id: query.owner_id, source: query.source.trim(),
      tag: query.tag.trim(), sort: query.sort, limit: PAGE, cursor,
    }),
    key,
  );
  const rows = list.rows;
  // A selection is of rows in sight: other filters, another selection.
  useEffect(() => setSelected(new Set()), [key]);
  const set = (patch: Partial<CustomerFilters>) => setF((old) => ({ ...old, ...patch }));

  const toggle = (id: string) => setSelected((s) => {
    const n = new Set(s);
    if (n.has(id)) n.delete(id);
    else n.add(id);
    return n;
  });
  const pageIds = (rows ?? []).map((c) => c.id);
  const allOnPage = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
  const toggleAll = () => setSelected((s) => {
    const n = new Set(s);
    if (allOnPage) pageIds.forEach((id) => n.delete(id));
    else pageIds.forEach((id) => n.add(id));
    return n;
  });

  const sortHeader = (label: string, field: SortField) => (
    <th aria-sort={ariaSort(query.sort, field)}>
      <button type="button" class="sort" onClick={() => set({ sort: nextSort(f.sort, field) })}
        title={`Sort by ${label.toLowerCase()}`}>
        {label}
        <span aria-hidden="true">{query.sort === field ? " ▲" : query.sort === `-${field}` ? " ▼" : ""}</span>
      </button>
    </th>
  );

  const filtered = hasFilters(query);
  const q = query.q.trim();
  return (
    <section class="customers">
      <div class="title-row">
        <h1>Customers</h1>
        <button type="button" class="primary" onClick={() => setCreating(true)}>New customer</button>
      </div>
      {creating && <NewCustomer onCancel={() => setCreating(false)} />}
      <div class="filters">
        <input class="search" type="search" name="q" aria-label="Search customers" autoFocus
          placeholder="Search by name, email or phone" value={f.q}
          onInput={(e) => set({ q: (e.target as HTMLInputElement).value })} />
        <select name="stage" aria-label="Stage" value={f.stage} onChange={(e) => set({ stage: (e.target as HTMLSelectElement).value })}>
          <option value="">Every stage</option>
          {STAGES.map((s) => <option value={s}>{stageLabel(s)}</option>)}
        </select>
        <select name="owner_id" aria-label="Owner" value={f.owner_id} onChange={(e) => set({ owner_id: (e.target as HTMLSelectElement).value })}>
          <option value="">Every owner</option>
          {f.owner_id && !users?.some((u) => u.id === f.owner_id) && <option value={f.owner_id}>{userName(users, f.owner_id)}</option>}
          {(users ?? []).map((u) => <option value={u.id}>{u.name}{u.active === false ? " (deactivated)" : ""}</option>)}
        </select>
        <input name="source" aria-label="Source" placeholder="Source, e.g. referral" value={f.source} size={14}
          onInput={(e) => set({ source: (e.target as HTMLInputElement).value })} />
        <input name="tag" aria-label="Tag" placeholder="Tag" value={f.tag} size={10}
          onInput={(e) => set({ tag: (e.target as HTMLInputElement).value })} />
      </div>
      {notice && <p class="notice" role="status">{notice}</p>}
      {canReassign && selected.size > 0 && (
        <BulkReassign ids={[...selected]} rows={rows ?? []} users={users ?? []}
          onClear={() => setSelected(new Set())}
          onDone={(n, owner) => {
            setSelected(new Set());
            setNotice(`${n} customer${n === 1 ? "" : "s"} reassigned to ${owner}.`);
            list.reload();
          }} />
      )}
      <ErrorNote error={list.error} onRetry={list.reload} />
      {rows === null ? (
        !list.error && <p class="muted" aria-busy="true">Loading…</p>
      ) : rows.length === 0 ? (
        filtered ? (
          <Empty title={q && !query.stage ? `No customer matches “${q}”.` : q ? `No customer matches “${q}” in ${stageLabel(query.stage)}.` :
            query.stage && !query.owner_id && !query.source.trim() && !query.tag.trim() ? `No customer is in ${stageLabel(query.stage)}.` :
            "No customer matches these filters."}>
            Check the spelling, search for part of the email or phone number, loosen the filters (Every stage, Every owner, an empty source or tag), or create the customer with New customer.
          </Empty>
        ) : (
          <Empty title="No customers yet.">Create the first one with New customer, or import a CSV with `rapport import`.</Empty>
        )
      ) : (
        <>
          <table class="table" aria-label="Customers">
            <thead>
              <tr>
                <th aria-sort={ariaSort(query.sort, "name")}>
                  <span class="name-head">
                    {canReassign && (
                      <input type="checkbox" aria-label="Select all on this page" checked={allOnPage} onChange={toggleAll} />
                    )}
                    <button type="button" class="sort" onClick={() => set({ sort: nextSort(f.sort, "name") })} title="Sort by name">
                      Name<span aria-hidden="true">{query.sort === "name" ? " ▲" : query.sort === "-name" ? " ▼" : ""}</span>
                    </button>
                  </span>
                </th>
                <th>Stage</th>
                <th>Owner</th>
                <th>Source</th>
                <th>Email</th>
                {sortHeader("In stage since", "stage_changed_at")}
                {sortHeader("Added", "created_at")}
                {sortHeader("Changed", "updated_at")}
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id} data-customer-id={c.id} class={selected.has(c.id) ? "picked" : ""}>
                  <td>
                    <span class="name-cell">
                      {canReassign && (
                        <input type="checkbox" aria-label={`Select ${c.name}`} checked={selected.has(c.id)} onChange={() => toggle(c.id)} />
                      )}
                      <Link to={`/customers/${c.id}`}>{c.name}</Link>
                    </span>
                  </td>
                  <td><span class="badge">{stageLabel(c.stage)}</span></td>
                  <td class="owner">{userName(users, c.owner_id)}</td>
                  <td>{c.source ?? ""}</td>
                  <td>{c.email ?? ""}</td>
                  <td class="date">{shortDate(c.stage_changed_at)}</td>
                  <td class="date">{shortDate(c.created_at)}</td>
                  <td class="date">{c.updated_at ? shortDate(c.updated_at) : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.cursor && (
            <button type="button" onClick={list.more} disabled={list.loading}>{list.loading ? "Loading…" : "Show more"}</button>
          )}
        </>
      )}
    </section>
  );
}

// The bar over the list while rows are ticked: pick the new owner, then confirm.
export function BulkReassign(props: {
  ids: string[];
  rows: Customer[];
  users: User[];
  onClear: () => void;
  onDone: (n: number, ownerName: string) => void;
}) {
  const [owner, setOwner] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const n = props.ids.length;
  const names: Record<string, string> = {};
  props.rows.forEach((c) => (names[c.id] = c.name));
  const ownerName = userName(props.users, owner);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await api.post<{ reassigned: number; owner_id: string }>("/customers/reassign", { customer_ids: props.ids, owner_id: owner });
      props.onDone(res.reassigned, ownerName);
    } catch (err) {
      setError(err);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="bulk card" role="region" aria-label="Reassign selected customers">
      <div class="row">
        <strong>{n} selected</strong>
        <label class="inline">New owner
          <select name="new_owner" value={owner} disabled={busy}
            onChange={(e) => { setOwner((e.target as HTMLSelectElement).value); setConfirming(false); setError(null); }}>
            <option value="">Choose…</option>
            {props.users.filter((u) => u.active !== false).map((u) => <option value={u.id}>{u.name} ({u.role})</option>)}
          </select>
        </label>
        <FieldNote error={error} field="owner_id" />
        {!confirming && (
          <button type="button" class="primary" disabled={!owner} onClick={() => setConfirming(true)}>Reassign…</button>
        )}
        <button type="button" class="link" onClick={props.onClear}>Clear selection</button>
      </div>
      {confirming && (
        <div class="row confirm">
          <span>Give {n} customer{n === 1 ? "" : "s"} to {ownerName}?</span>
          <button type="button" class="primary" disabled={busy} onClick={submit}>{busy ? "Reassigning…" : `Reassign ${n}`}</button>
          <button type="button" onClick={() => setConfirming(false)}>Cancel</button>
        </div>
      )}
      {error ? <div class="error" role="alert">{describeReassignError(error, props.ids, names)}</div> : null}
    </div>
  );
}

function NewCustomer(props: { onCancel: () => void }) {
  const [name, setName] = useState("");
  const [kind, setKind] = useState<"person" | "company">("person");
  const [email, setEmail] = useState("");
  const [phone, setPhone] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, string> = { name: name.trim(), kind };
      if (email.trim()) body.email = email.trim();
      if (phone.trim()) body.phone = phone.trim();
      const created = await api.post<Customer>("/customers", body);
      navigate(`/customers/${created.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card new-customer" onSubmit={submit} aria-label="New customer"
      onKeyDown={(e) => e.key === "Escape" && props.onCancel()}>
      <h2>New customer</h2>
      <div class="grid">
        <label>Name<input name="name" required autoFocus value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} /></label>
        <label>Kind
          <select name="kind" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as "person" | "company")}>
            <option value="person">Person</option>
            <option value="company">Company</option>
          </select>
        </label>
        <label>Email<input name="email" type="text" value={email} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} /></label>
        <label>Phone<input name="phone" value={phone} onInput={(e) => setPhone((e.target as HTMLInputElement).value)} /></label>
      </div>
      <ErrorNote error={error} />
      <div class="row">
        <button type="submit" class="primary" disabled={busy}>{busy ? "Creating…" : "Create customer"}</button>
        <button type="button" onClick={props.onCancel}>Cancel</button>
      </div>
    </form>
  );
}
