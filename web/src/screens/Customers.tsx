// Customers: search as you type (the server's `q`), cursor paging with "Show more", and a form
// to create a customer. Answers to an older search never overwrite a newer one.
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api";
import { Empty, ErrorNote } from "../components/ErrorNote";
import { Link } from "../components/Link";
import { STAGES, kindLabel, stageLabel } from "../format";
import { navigate } from "../router";
import type { Customer, Page } from "../types";

const PAGE = 25;

export function Customers(props: { q: string }) {
  const [q, setQ] = useState(props.q);
  const [stage, setStage] = useState("");
  const [sort, setSort] = useState("-created_at");
  const [rows, setRows] = useState<Customer[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [creating, setCreating] = useState(false);
  const seq = useRef(0);

  const query = (text: string) => ({ q: text.trim(), stage, sort, limit: PAGE });

  const search = async (text: string) => {
    const mine = ++seq.current;
    setError(null);
    try {
      const page = await api.get<Page<Customer>>("/customers", query(text));
      if (mine !== seq.current) return;
      setRows(page.data);
      setCursor(page.next_cursor);
    } catch (err) {
      if (mine === seq.current) setError(err);
    }
  };

  useEffect(() => {
    const timer = setTimeout(() => {
      search(q);
      const url = q.trim() ? `/customers?q=${encodeURIComponent(q.trim())}` : "/customers";
      if (location.pathname + location.search !== url) history.replaceState(null, "", url);
    }, 200);
    return () => clearTimeout(timer);
  }, [q, stage, sort]);

  const more = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    const mine = seq.current;
    try {
      const page = await api.get<Page<Customer>>("/customers", { ...query(q), cursor });
      if (mine !== seq.current) return;
      setRows((r) => [...(r ?? []), ...page.data]);
      setCursor(page.next_cursor);
    } catch (err) {
      setError(err);
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <section class="customers">
      <div class="title-row">
        <h1>Customers</h1>
        <button type="button" class="primary" onClick={() => setCreating(true)}>New customer</button>
      </div>
      {creating && <NewCustomer onCancel={() => setCreating(false)} />}
      <div class="filters">
        <input class="search" type="search" name="q" aria-label="Search customers" autoFocus
          placeholder="Search by name, email or phone" value={q}
          onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
        <select name="stage" aria-label="Stage" value={stage} onChange={(e) => setStage((e.target as HTMLSelectElement).value)}>
          <option value="">Every stage</option>
          {STAGES.map((s) => <option value={s}>{stageLabel(s)}</option>)}
        </select>
        <select name="sort" aria-label="Sort" value={sort} onChange={(e) => setSort((e.target as HTMLSelectElement).value)}>
          <option value="-created_at">Newest first</option>
          <option value="name">Name A–Z</option>
          <option value="-name">Name Z–A</option>
          <option value="-updated_at">Recently changed</option>
          <option value="-stage_changed_at">Recent stage change</option>
        </select>
      </div>
      <ErrorNote error={error} onRetry={() => search(q)} />
      {rows === null ? (
        !error && <p class="muted" aria-busy="true">Loading…</p>
      ) : rows.length === 0 ? (
        q.trim() || stage ? (
          <Empty title={q.trim() ? `No customer matches “${q.trim()}”${stage ? ` in ${stageLabel(stage)}` : ""}.` : `No customer is in ${stageLabel(stage)}.`}>
            Check the spelling, search for part of the email or phone number, choose Every stage, or create the customer with New customer.
          </Empty>
        ) : (
          <Empty title="No customers yet.">Create the first one with New customer, or import a CSV with `rapport import`.</Empty>
        )
      ) : (
        <>
          <table class="table" aria-label="Customers">
            <thead>
              <tr><th>Name</th><th>Stage</th><th>Kind</th><th>Email</th><th>Phone</th></tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id}>
                  <td><Link to={`/customers/${c.id}`}>{c.name}</Link></td>
                  <td><span class="badge">{stageLabel(c.stage)}</span></td>
                  <td>{kindLabel(c.kind)}</td>
                  <td>{c.email ?? ""}</td>
                  <td>{c.phone ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {cursor && (
            <button type="button" onClick={more} disabled={loadingMore}>{loadingMore ? "Loading…" : "Show more"}</button>
          )}
        </>
      )}
    </section>
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
