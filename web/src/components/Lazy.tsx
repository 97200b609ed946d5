// A screen loaded on first visit as its own chunk (Economics brings Chart.js), so the first load
// stays small. A failed load (offline, a new deploy) is said in words with a retry.
import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ErrorNote } from "./ErrorNote";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function lazyScreen<P extends Record<string, any> = Record<string, never>>(
  load: () => Promise<{ default: ComponentType<P> }>,
  what: string,
) {
  let cached: ComponentType<P> | null = null;
  return function LazyScreen(props: P) {
    const [Screen, setScreen] = useState<ComponentType<P> | null>(() => cached);
    const [error, setError] = useState<unknown>(null);
    const start = () => {
      setError(null);
      load().then((m) => {
        cached = m.default;
        setScreen(() => m.default);
      }, () => setError(new Error(`The ${what} screen could not be loaded. Check the connection and try again`)));
    };
    useEffect(() => {
      if (!cached) start();
    }, []);
    if (error) return <ErrorNote error={error} onRetry={start} />;
    if (!Screen) return <p class="muted" aria-busy="true">Loading {what}…</p>;
    return <Screen {...props} />;
  };
}
