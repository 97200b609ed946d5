// Board logic shared by the Board screen and its tests: the column headers from the server's
// per-stage counts, the filters as query parameters, and the bound on rendered cards.
import { money } from "./format";
import type { Stage } from "./types";

export interface StageCount { stage: Stage; count: number; value_cents: number }
export interface StageCounts { data: StageCount[]; currency: string; total: number }
export interface BoardFilters { owner: string; source: string; tag: string }

// A column renders at most this many cards (five pages of 30). "Show more" stops there and the
// header still shows the server's count, so a column of 10,000 stays light: narrow it with the
// filters or open the Customers list.
export const MAX_CARDS = 150;

// The filters as query parameters of /customers and /customers/stage-counts (empty ones left out).
export function boardQuery(f: BoardFilters): Record<string, string> {
  const q: Record<string, string> = {};
  if (f.owner) q.owner_id = f.owner;
  if (f.source.trim()) q.source = f.source.trim();
  if (f.tag.trim()) q.tag = f.tag.trim();
  return q;
}

// The header of a column: the server's count (the loaded cards while it is not known yet, with a
// "+" when there are more) and the value when there is any.
export function columnHeader(
  count: StageCount | undefined, loaded: number, more: boolean, currency: string,
): { count: string; value: string | null } {
  if (!count) return { count: `${loaded}${more ? "+" : ""}`, value: null };
  return {
    count: count.count.toLocaleString("en-US"),
    value: count.value_cents > 0 ? money(count.value_cents, currency) : null,
  };
}

export function canShowMore(loaded: number, cursor: string | null): boolean {
  return cursor !== null && loaded < MAX_CARDS;
}

// Words under a column whose cards stop at MAX_CARDS before its end.
export function cappedNote(loaded: number, count: StageCount | undefined, cursor: string | null): string | null {
  if (cursor === null || loaded < MAX_CARDS) return null;
  const total = count ? count.count.toLocaleString("en-US") : "more";
  return `Showing ${loaded} of ${total}. Filter by owner, source or tag to see the rest, or open the Customers list.`;
}

// A card's value (the list asked with include=value): what the customer has bought so far, else
// what the latest scoring run predicts they are worth; nothing for a customer of neither.
export function cardValue(
  c: { historical_value_cents?: number | null; predicted_clv_cents?: number | null; currency: string },
): string | null {
  if (c.historical_value_cents && c.historical_value_cents > 0) return `${money(c.historical_value_cents, c.currency)} bought`;
  if (c.predicted_clv_cents && c.predicted_clv_cents > 0) return `${money(c.predicted_clv_cents, c.currency)} predicted`;
  return null;
}
