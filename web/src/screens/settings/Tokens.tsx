// API tokens (admins see everyone's): the list, a new one whose secret is shown once with a copy
// button, revocation after a confirmation.
import { useEffect, useState } from "preact/hooks";
import { api } from "../../api";
import { Empty, ErrorNote, FieldNote } from "../../components/ErrorNote";
import { dateTime } from "../../format";
import type { Page, User } from "../../types";
import { loadUsers, userName } from "../../users";
import { CopyButton } from "./Users";

interface Token {
  id: string;
  user_id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
  token?: string;
}

export function Tokens() {
  const [tokens, setTokens] = useState<Token[] | null>(null);
  const [users, setUsers] = useState<User[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [secret, setSecret] = useState<Token | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [expires, setExpires] = useState("");
  const [createError, setCreateError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const load = () => {
    setError(null);
    api.get<Page<Token>>("/tokens", { all: true }).then((p) => setTokens(p.data), setError);
  };
  useEffect(() => {
    load();
    loadUsers().then(setUsers, () => setUsers([]));
  }, []);

  const create = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setCreateError(null);
    setNotice(null);
    try {
      const body: Record<string, string> = { name: name.trim() };
      if (expires) body.expires_at = `${expires}T00:00:00Z`;
      const t = await api.post<Token>("/tokens", body);
      setSecret(t);
      setName("");
      setExpires("");
      load();
    } catch (err) {
      setCreateError(err);
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (t: Token) => {
    setError(null);
    try {
      await api.delete(`/tokens/${t.id}`);
      setRevoking(null);
      setNotice(`Token “${t.name}” revoked: it no longer works.`);
      load();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section class="card" aria-label="API tokens">
      <h2>API tokens</h2>
      <p class="muted small">For scripts and integrations: send it as <code>Authorization: Bearer …</code>. A token acts as the user it belongs to.</p>
      <form class="row" aria-label="New API token" onSubmit={create}>
        <label>Name<input name="token_name" value={name} placeholder="e.g. Shop integration" onInput={(e) => setName((e.target as HTMLInputElement).value)} />
          <FieldNote error={createError} field="name" /></label>
        <label>Expires (optional)<input name="expires_at" type="date" value={expires} onInput={(e) => setExpires((e.target as HTMLInputElement).value)} />
          <FieldNote error={createError} field="expires_at" /></label>
        <button type="submit" class="primary" disabled={busy}>{busy ? "Creating…" : "Create token"}</button>
      </form>
      <ErrorNote error={createError} shownFields={["name", "expires_at"]} />
      {secret?.token && (
        <div class="notice" role="status">
          <p>Token “{secret.name}” created. Copy it now: it is shown only this once.</p>
          <p class="secret" aria-label="New token secret">{secret.token}</p>
          <span class="row"><CopyButton text={secret.token} /><button type="button" class="link" onClick={() => setSecret(null)}>I have copied it</button></span>
        </div>
      )}
      {notice && <p class="notice" role="status">{notice}</p>}
      <ErrorNote error={error} onRetry={tokens === null ? load : undefined} />
      {tokens === null ? (
        !error && <p class="muted" aria-busy="true">Loading…</p>
      ) : tokens.length === 0 ? (
        <Empty title="No API tokens.">Create one above when a script or another system needs to use Rapport's API.</Empty>
      ) : (
        <table class="table" aria-label="API tokens">
          <thead><tr><th>Name</th><th>User</th><th>Created</th><th>Last used</th><th>Expires</th><th></th></tr></thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>{userName(users, t.user_id)}</td>
                <td class="small">{dateTime(t.created_at)}</td>
                <td class="small">{t.last_used_at ? dateTime(t.last_used_at) : "never"}</td>
                <td class="small">{t.expires_at ? dateTime(t.expires_at) : "never"}</td>
                <td>
                  {t.revoked_at ? <span class="badge">Revoked {dateTime(t.revoked_at)}</span> :
                   revoking === t.id ? (
                     <span class="row">
                       <span>Revoke “{t.name}”?</span>
                       <button type="button" class="primary" onClick={() => revoke(t)}>Revoke</button>
                       <button type="button" onClick={() => setRevoking(null)}>Keep</button>
                     </span>
                   ) : <button type="button" aria-label={`Revoke ${t.name}`} onClick={() => setRevoking(t.id)}>Revoke…</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
