// The customers list's state in the address (so a filtered list can be bookmarked and reloaded),
// sorting by column header, and the words for a bulk reassignment's errors. Pure; tested in
// test/customer-list.test.ts.
import { ApiError, describeError } from "./api";

export interface CustomerFilters {
  q: string;
  stage: string;
  owner_id: string;
  source: string;
  tag: string;
  sort: string;
}

export const DEFAULT_SORT = "-created_at";
// The sorts the API knows (src/domain/customer/customer_query.cpp), each either way with "-".
export const SORT_FIELDS = ["name", "created_at", "updated_at", "stage_changed_at"] as const;
export type SortField = (typeof SORT_FIELDS)[number];

export function filtersFromSearch(search: string): CustomerFilters {
  const p = new URLSearchParams(search);
  const sort = p.get("sort") ?? "";
  const field = sort.replace(/^-/, "");
  return {
    q: p.get("q") ?? "",
    stage: p.get("stage") ?? "",
    owner_id: p.get("owner_id") ?? "",
    source: p.get("source") ?? "",
    tag: p.get("tag") ?? "",
    sort: (SORT_FIELDS as readonly string[]).includes(field) ? sort : DEFAULT_SORT,
  };
}

export function customersUrl(f: CustomerFilters): string {
  const p = new URLSearchParams();
  if (f.q.trim()) p.set("q", f.q.trim());
  if (f.stage) p.set("stage", f.stage);
  if (f.owner_id) p.set("owner_id", f.owner_id);
  if (f.source.trim()) p.set("source", f.source.trim());
  if (f.tag.trim()) p.set("tag", f.tag.trim());
  if (f.sort !== DEFAULT_SORT) p.set("sort", f.sort);
  const qs = p.toString();
  return qs ? `/customers?${qs}` : "/customers";
}

export function hasFilters(f: CustomerFilters): boolean {
  return Boolean(f.q.trim() || f.stage || f.owner_id || f.source.trim() || f.tag.trim());
}

// A click on a column header: the same column flips its direction; another starts A–Z for names
// and newest first for dates.
export function nextSort(current: string, field: SortField): string {
  if (current === field) return `-${field}`;
  if (current === `-${field}`) return field;
  return field === "name" ? "name" : `-${field}`;
}

// aria-sort of a column header.
export function ariaSort(current: string, field: SortField): "ascending" | "descending" | "none" {
  if (current === field) return "ascending";
  if (current === `-${field}`) return "descending";
  return "none";
}

// A failed bulk reassignment in words: a customer the API refused is named (customer_ids[i] is
// the i-th id sent); owner_id is shown next to the owner picker, so it is left out here.
export function describeReassignError(err: unknown, ids: string[], names: Record<string, string>): string {
  if (!(err instanceof ApiError)) return describeError(err);
  const parts: string[] = [];
  for (const [field, why] of Object.entries(err.fields)) {
    const m = /^customer_ids\[(\d+)\]$/.exec(field);
    if (m) {
      const id = ids[Number(m[1])];
      parts.push(`${id !== undefined ? names[id] ?? `customer ${id}` : field}: ${why}`);
    }
  }
  // The server reassigns all or nothing.
  if (parts.length > 0) return `Nothing was reassigned. Please check: ${parts.join("; ")}.`;
  if (err.status === 403) return describeError(err);
  return describeError(err, ["owner_id"]);
}
