import { useState } from "preact/hooks";
import { api } from "../api";
import { ErrorNote } from "../components/ErrorNote";
import type { SignedIn } from "../types";

export function SignIn(props: { onSignedIn: (s: SignedIn) => void }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const signed = await api.post<SignedIn>("/auth/login", { email: email.trim(), password });
      props.onSignedIn(signed);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="sign-in">
      <form onSubmit={submit} class="card" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to Rapport</h1>
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required autoFocus value={email}
            onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required value={password}
            onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
        </label>
        <ErrorNote error={error} />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
