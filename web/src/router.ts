// A small history router: the server sends index.html for every client route, so real paths work
// on reload and can be bookmarked.
import { useEffect, useState } from "preact/hooks";

export type Route =
  | { name: "sign-in" }
  | { name: "today" }
  | { name: "customers"; search: string }
  | { name: "pipeline" }
  | { name: "customer"; id: string }
  | { name: "cases"; customerId: string }
  | { name: "economics" }
  | { name: "settings" }
  | { name: "reset-password"; token: string }
  | { name: "not-found"; path: string };

export function parseRoute(pathname: string, search = ""): Route {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/" || path === "/today") return { name: "today" };
  if (path === "/sign-in") return { name: "sign-in" };
  if (path === "/pipeline") return { name: "pipeline" };
  if (path === "/cases") return { name: "cases", customerId: new URLSearchParams(search).get("customer_id") ?? "" };
  if (path === "/economics") return { name: "economics" };
  if (path === "/settings") return { name: "settings" };
  if (path === "/reset-password") return { name: "reset-password", token: new URLSearchParams(search).get("token") ?? "" };
  if (path === "/customers") return { name: "customers", search };
  const m = /^\/customers\/([^/]+)$/.exec(path);
  if (m) return { name: "customer", id: decodeURIComponent(m[1]) };
  return { name: "not-found", path };
}

const listeners = new Set<() => void>();

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  listeners.forEach((l) => l());
  window.scrollTo(0, 0);
}

export function useLocation(): { pathname: string; search: string } {
  const read = () => ({ pathname: location.pathname, search: location.search });
  const [loc, setLoc] = useState(read);
  useEffect(() => {
    const update = () => setLoc(read());
    listeners.add(update);
    window.addEventListener("popstate", update);
    return () => {
      listeners.delete(update);
      window.removeEventListener("popstate", update);
    };
  }, []);
  return loc;
}

// A link that navigates in the app (plain clicks) and still works as a link (new tab, copy).
export function onLinkClick(e: MouseEvent, to: string): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(to);
}
