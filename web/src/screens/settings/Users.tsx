// Users (admins): the list, a new user (with a one-time reset link when no password is given), a
// role changed in place, deactivation handing the user's customers to someone else, reactivation.
import { useEffect, useState } from "preact/hooks";
import { api } from "../../api";
import { Empty, ErrorNote, FieldNote } from "../../components/ErrorNote";
import type { Page, User } from "../../types";
import { forgetUsers } from "../../users";

const ROLES = ["rep", "manager", "admin"] as const;
const roleLabel = (r: string) => (r === "rep" ? "Rep" : r === "manager" ? "Manager" : "Admin");

interface Ticket { token: string; reset_path: string; expires_at: string }

export function Users(props: { me: User }) {
  const [users, setUsers] = useState<User[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [ticket, setTicket] = useState<{ name: string; t: Ticket } | null>(null);
  const [offboarding, setOffboarding] = useState<User | null>(null);

  const load = () => {
    forgetUsers();
    api.get<Page<User>>("/users").then((p) => setUsers(p.data), setError);
  };
  useEffect(load, []);

  const changeRole = async (u: User, role: string) => {
    setError(null);
    setNotice(null);
    try {
      const updated = await api.patch<User>(`/users/${u.id}`, { role });
      setNotice(`${updated.name} is now ${roleLabel(updated.role).toLowerCase()}.`);
      load();
    } catch (err) {
      setError(err);
      load();
    }
  };
  const activate = async (u: User) => {
    setError(null);
    try {
      await api.post(`/users/${u.id}/activate`);
      setNotice(`${u.name} can sign in again.`);
      load();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section class="card" aria-label="Users">
      <div class="title-row">
        <h2>Users</h2>
        {!adding && <button type="button" onClick={() => { setAdding(true); setTicket(null); }}>Add user</button>}
      </div>
      {notice && <p class="notice" role="status">{notice}</p>}
      {ticket && (
        <div class="notice" role="status">
          <p><strong>{ticket.name}</strong> has no password yet. Send them this link to set one (valid until {new Date(ticket.t.expires_at).toLocaleString()}). Copy it now: it is not shown again.</p>
          <p class="secret">{location.origin}{ticket.t.reset_path}</p>
          <CopyButton text={`${location.origin}${ticket.t.reset_path}`} />
        </div>
      )}
      <ErrorNote error={error} onRetry={users === null ? load : undefined} />
      {adding && (
        <NewUser onCancel={() => setAdding(false)} onAdded={(u, t) => {
          setAdding(false);
          setNotice(`${u.name} added as ${roleLabel(u.role).toLowerCase()}.`);
          if (t) setTicket({ name: u.name, t });
          load();
        }} />
      )}
      {offboarding && users && (
        <Deactivate user={offboarding} users={users} onCancel={() => setOffboarding(null)} onDone={(text) => {
          setOffboarding(null);
          setNotice(text);
          load();
        }} />
      )}
      {users === null ? (
        !error && <p class="muted" aria-busy="true">Loading…</p>
      ) : users.length === 0 ? (
        <Empty title="No users.">Add the first with Add user.</Empty>
      ) : (
        <table class="table" aria-label="Users">
          <thead><tr><th>Name</th><th>Email</th><th>Role</th><th>Team</th><th>Status</th><th></th></tr></thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.name}{u.id === props.me.id ? <span class="muted small"> (you)</span> : null}</td>
                <td>{u.email}</td>
                <td>
                  <select aria-label={`Role of ${u.name}`} value={u.role} disabled={u.active === false}
                    onChange={(e) => changeRole(u, (e.target as HTMLSelectElement).value)}>
                    {ROLES.map((r) => <option value={r}>{roleLabel(r)}</option>)}
                  </select>
                </td>
                <td>{u.team ?? ""}</td>
                <td>{u.active === false ? <span class="badge warn">Deactivated</span> : u.has_password === false ? <span class="badge">No password yet</span> : "Active"}</td>
                <td>
                  {u.active === false ? (
                    <button type="button" onClick={() => activate(u)}>Reactivate</button>
                  ) : u.id !== props.me.id && (
                    <button type="button" onClick={() => setOffboarding(u)}>Deactivate…</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function CopyButton(props: { text: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.text);
      setCopied("Copied.");
    } catch {
      setCopied("Copying is not allowed here: select the text and copy it by hand.");
    }
  };
  return (
    <span class="row">
      <button type="button" onClick={copy}>Copy</button>
      {copied && <span class="small">{copied}</span>}
    </span>
  );
}

function NewUser(props: { onCancel: () => void; onAdded: (u: User, t: Ticket | null) => void }) {
  const [f, setF] = useState({ name: "", email: "", role: "rep", team: "", password: "" });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const set = (patch: Partial<typeof f>) => setF((o) => ({ ...o, ...patch }));
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { name: f.name.trim(), email: f.email.trim(), role: f.role, team: f.team.trim() || null };
      if (f.password) body.password = f.password;
      const u = await api.post<User & { password_reset?: Ticket }>("/users", body);
      props.onAdded(u, u.password_reset ?? null);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const v = (e: Event) => (e.target as HTMLInputElement).value;
  return (
    <form class="card" aria-label="Add user" onSubmit={submit} onKeyDown={(e) => e.key === "Escape" && props.onCancel()}>
      <div class="grid">
        <label>Name<input name="name" value={f.name} onInput={(e) => set({ name: v(e) })} /><FieldNote error={error} field="name" /></label>
        <label>Email<input name="email" value={f.email} onInput={(e) => set({ email: v(e) })} /><FieldNote error={error} field="email" /></label>
        <label>Role
          <select name="role" value={f.role} onChange={(e) => set({ role: v(e) })}>{ROLES.map((r) => <option value={r}>{roleLabel(r)}</option>)}</select>
          <FieldNote error={error} field="role" />
        </label>
        <label>Team (optional)<input name="team" value={f.team} onInput={(e) => set({ team: v(e) })} /><FieldNote error={error} field="team" /></label>
        <label>Password (optional)
          <input name="password" type="password" autoComplete="new-password" value={f.password} onInput={(e) => set({ password: v(e) })}
            placeholder="Empty: they get a link to set one" />
          <FieldNote error={error} field="password" />
        </label>
      </div>
      <ErrorNote error={error} shownFields={["name", "email", "role", "team", "password"]} />
      <div class="row">
        <button type="submit" class="primary" disabled={busy}>{busy ? "Adding…" : "Add user"}</button>
        <button type="button" onClick={props.onCancel}>Cancel</button>
      </div>
    </form>
  );
}

function Deactivate(props: { user: User; users: User[]; onCancel: () => void; onDone: (text: string) => void }) {
  const [to, setTo] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ reassigned_to: string | null; customers_reassigned: number; sessions_ended: number; tokens_revoked: number }>(
        `/users/${props.user.id}/deactivate`, to ? { reassign_to: to } : {});
      const heir = props.users.find((u) => u.id === r.reassigned_to)?.name;
      props.onDone(`${props.user.name} is deactivated: ${r.customers_reassigned} customer${r.customers_reassigned === 1 ? "" : "s"} handed ${heir ? `to ${heir}` : "over"}, ` +
        `${r.sessions_ended} session${r.sessions_ended === 1 ? "" : "s"} ended, ${r.tokens_revoked} token${r.tokens_revoked === 1 ? "" : "s"} revoked.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card" aria-label={`Deactivate ${props.user.name}`} onSubmit={submit}>
      <p>Deactivating <strong>{props.user.name}</strong> ends their sessions and revokes their API tokens. Who takes over their customers?</p>
      <label>Hand their customers to
        <select name="reassign_to" value={to} onChange={(e) => setTo((e.target as HTMLSelectElement).value)}>
          <option value="">Choose…</option>
          {props.users.filter((u) => u.active !== false && u.id !== props.user.id).map((u) => <option value={u.id}>{u.name}</option>)}
        </select>
        <FieldNote error={error} field="reassign_to" />
      </label>
      <ErrorNote error={error} shownFields={["reassign_to"]} />
      <div class="row">
        <button type="submit" class="primary" disabled={busy}>{busy ? "Deactivating…" : `Deactivate ${props.user.name}`}</button>
        <button type="button" onClick={props.onCancel}>Cancel</button>
      </div>
    </form>
  );
}
