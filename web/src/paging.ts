// Cursor paging for any list of the API ({data, next_cursor}): the first page, "Show more", and a
// reload that drops answers to older requests (a filter changed while a page was on its way).
import { useEffect, useRef, useState } from "preact/hooks";
import type { Page } from "./types";

export interface PagerState<T> {
  rows: T[] | null; // null until the first page arrived
  cursor: string | null;
  error: unknown;
  loading: boolean;
}

export class Pager<T> {
  state: PagerState<T> = { rows: null, cursor: null, error: null, loading: false };
  private seq = 0;

  constructor(
    private readonly fetchPage: (cursor: string | null) => Promise<Page<T>>,
    private readonly onChange: (s: PagerState<T>) => void = () => {},
  ) {}

  private set(patch: Partial<PagerState<T>>) {
    this.state = { ...this.state, ...patch };
    this.onChange(this.state);
  }

  // The first page again (after a filter changed, or to retry); keeps the rows shown until it arrives.
  async reload(): Promise<void> {
    const mine = ++this.seq;
    this.set({ loading: true, error: null });
    try {
      const page = await this.fetchPage(null);
      if (mine !== this.seq) return;
      this.set({ rows: page.data, cursor: page.next_cursor, loading: false });
    } catch (err) {
      if (mine === this.seq) this.set({ error: err, loading: false });
    }
  }

  // The next page, appended; nothing when there is none or a request is on its way.
  async more(): Promise<void> {
    const cursor = this.state.cursor;
    if (!cursor || this.state.loading) return;
    const mine = this.seq;
    this.set({ loading: true, error: null });
    try {
      const page = await this.fetchPage(cursor);
      if (mine !== this.seq) return;
      this.set({ rows: [...(this.state.rows ?? []), ...page.data], cursor: page.next_cursor, loading: false });
    } catch (err) {
      if (mine === this.seq) this.set({ error: err, loading: false });
    }
  }
}

// A Pager as a hook: reloads whenever `key` changes (the query, serialised).
export function usePager<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>, key: string) {
  const [state, setState] = useState<PagerState<T>>({ rows: null, cursor: null, error: null, loading: true });
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const pager = useRef<Pager<T> | null>(null);
  if (!pager.current) pager.current = new Pager<T>((c) => fetchRef.current(c), setState);
  useEffect(() => {
    pager.current!.reload();
  }, [key]);
  return { ...state, more: () => pager.current!.more(), reload: () => pager.current!.reload() };
}
