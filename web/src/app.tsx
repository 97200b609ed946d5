// The shell: who is signed in, the navigation, and the screen of the current route. The session
// is the `rapport_session` cookie; the CSRF token from sign-in (or GET /auth/session after a
// reload) goes with every write.
import { useEffect, useState } from "preact/hooks";
import { api } from "./api";
import { ErrorNote } from "./components/ErrorNote";
import { lazyScreen } from "./components/Lazy";
import { Link } from "./components/Link";
import { navigate, parseRoute, useLocation } from "./router";
import { Board } from "./screens/Board";
import { Cases } from "./screens/Cases";
import { Customer } from "./screens/Customer";
import { Customers } from "./screens/Customers";
import { ResetPassword } from "./screens/ResetPassword";
import { SignIn } from "./screens/SignIn";
import { Today } from "./screens/Today";
import type { SignedIn, User } from "./types";

const LazyEconomics = lazyScreen(() => import("./screens/Economics"), "Economics");
// Settings are for managers and admins only: their own chunk, loaded on first visit.
const LazySettings = lazyScreen(() => import("./screens/Settings"), "Settings");

type Session = { state: "checking" } | { state: "signed-out"; error?: unknown } | { state: "signed-in"; user: User };

export function App() {
  const loc = useLocation();
  const route = parseRoute(loc.pathname, loc.search);
  const [session, setSession] = useState<Session>({ state: "checking" });

  const signedIn = (s: SignedIn) => {
    api.csrfToken = s.csrf_token;
    setSession({ state: "signed-in", user: s.user });
    if (route.name === "sign-in") navigate("/today", true);
  };

  useEffect(() => {
    api.onSignedOut = () => {
      api.csrfToken = null;
      setSession({ state: "signed-out" });
    };
    api.get<SignedIn>("/auth/session").then(signedIn, (err) => {
      setSession({ state: "signed-out", error: (err as { status?: number }).status === 401 ? undefined : err });
    });
  }, []);

  // An admin's one-time link to set a password works signed out (and signed in as someone else).
  if (route.name === "reset-password") return <ResetPassword token={route.token} />;
  if (session.state === "checking") return <p class="muted center" aria-busy="true">Loading…</p>;
  if (session.state === "signed-out") {
    return (
      <>
        {session.error ? <div class="center"><ErrorNote error={session.error} /></div> : null}
        <SignIn onSignedIn={signedIn} />
      </>
    );
  }

  const signOut = async () => {
    try {
      await api.post("/auth/logout");
    } catch {
      // Signed out either way: the cookie is the server's to drop; the screen shows sign-in.
    }
    api.csrfToken = null;
    setSession({ state: "signed-out" });
    navigate("/sign-in", true);
  };

  const nav = [
    { to: "/today", label: "Today", on: route.name === "today" },
    { to: "/pipeline", label: "Pipeline", on: route.name === "pipeline" },
    { to: "/customers", label: "Customers", on: route.name === "customers" || route.name === "customer" },
    { to: "/cases", label: "Cases", on: route.name === "cases" },
    // The portfolio's economics are for managers and admins (the API answers a rep 403).
    ...(session.user.role === "rep" ? [] : [{ to: "/economics", label: "Economics", on: route.name === "economics" }]),
    ...(session.user.role === "rep" ? [] : [{ to: "/settings", label: "Settings", on: route.name === "settings" }]),
  ];
  return (
    <div class="shell">
      <header class="top">
        <Link to="/today" class="brand">Rapport</Link>
        <nav aria-label="Main">
          {nav.map((n) => <Link to={n.to} current={n.on} class={n.on ? "on" : ""}>{n.label}</Link>)}
        </nav>
        <div class="who">
          <span>{session.user.name}</span>
          <button type="button" class="link" onClick={signOut}>Sign out</button>
        </div>
      </header>
      <main class="content">
        {route.name === "today" || route.name === "sign-in" ? <Today /> :
         route.name === "customers" ? <Customers search={route.search} user={session.user} /> :
         route.name === "pipeline" ? <Board /> :
         route.name === "customer" ? <Customer id={route.id} /> :
         route.name === "cases" ? <Cases key={route.customerId} customerId={route.customerId} /> :
         route.name === "economics" ? <LazyEconomics /> :
         route.name === "settings" ? <LazySettings user={session.user} /> :
         <section><h1>Page not found</h1><p>There is no page at {route.path}. <Link to="/today">Go to Today</Link>.</p></section>}
      </main>
    </div>
  );
}
