// Set a password with the one-time link an admin passed on (/reset-password?token=...): no sign-in
// needed. A used or expired link, or a weak password, is explained in words.
import { useState } from "preact/hooks";
import { api } from "../api";
import { ErrorNote, FieldNote } from "../components/ErrorNote";
import { Link } from "../components/Link";

export function ResetPassword(props: { token: string }) {
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (password !== again) {
      setError(new Error("The two passwords differ. Type the same password twice"));
      return;
    }
    setBusy(true);
    try {
      await api.post("/auth/password-reset", { token: props.token, password });
      setDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="sign-in">
      <form onSubmit={submit} class="card" aria-labelledby="reset-title">
        <h1 id="reset-title">Set your password</h1>
        {!props.token ? (
          <p class="error" role="alert">This link has no token. Ask your administrator for a new password link.</p>
        ) : done ? (
          <p class="notice" role="status">Your password is set. <Link to="/sign-in">Sign in with it</Link>.</p>
        ) : (
          <>
            <label>New password (at least 10 characters)
              <input name="password" type="password" autoComplete="new-password" required autoFocus value={password}
                onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
              <FieldNote error={error} field="password" />
            </label>
            <label>The same again
              <input name="password_again" type="password" autoComplete="new-password" required value={again}
                onInput={(e) => setAgain((e.target as HTMLInputElement).value)} />
            </label>
            <ErrorNote error={error} shownFields={["password"]} />
            <button type="submit" class="primary" disabled={busy}>{busy ? "Saving…" : "Set password"}</button>
          </>
        )}
      </form>
    </main>
  );
}
