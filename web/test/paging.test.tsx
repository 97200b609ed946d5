// Cursor paging shared by the lists, and the customer's record tabs.
import { describe, expect, it } from "vitest";
import { render } from "preact-render-to-string";
import { Pager } from "../src/paging";
import { CustomerTabs, dealState, orderAmount, type Deal, type Order } from "../src/screens/customer/Tabs";
import type { Page } from "../src/types";

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("Pager", () => {
  it("loads the first page, appends the next, stops at the end", async () => {
    const asked: (string | null)[] = [];
    const pages: Record<string, Page<number>> = { first: { data: [1, 2], next_cursor: "c2" }, c2: { data: [3], next_cursor: null } };
    const p = new Pager<number>(async (c) => { asked.push(c); return pages[c ?? "first"]; });
    await p.reload();
    expect(p.state.rows).toEqual([1, 2]);
    await p.more();
    expect(p.state).toMatchObject({ rows: [1, 2, 3], cursor: null, loading: false });
    await p.more();
    expect(asked).toEqual([null, "c2"]);
  });
  it("drops an older answer when a reload (a filter change) came after it", async () => {
    const slow = deferred<Page<string>>();
    let calls = 0;
    const p = new Pager<string>(() => (++calls === 1 ? slow.promise : Promise.resolve({ data: ["new"], next_cursor: null })));
    const first = p.reload();
    await p.reload();
    slow.resolve({ data: ["old"], next_cursor: "x" });
    await first;
    expect(p.state.rows).toEqual(["new"]);
    expect(p.state.cursor).toBeNull();
  });
  it("keeps the rows and reports the error when a page fails", async () => {
    let fail = false;
    const p = new Pager<number>(async () => {
      if (fail) throw new Error("offline");
      return { data: [1], next_cursor: "c" };
    });
    await p.reload();
    fail = true;
    await p.more();
    expect(p.state.rows).toEqual([1]);
    expect((p.state.error as Error).message).toBe("offline");
    expect(p.state.cursor).toBe("c");
  });
});

describe("customer record tabs", () => {
  const deal: Deal = { id: "1", title: "Bundle", stage: "negotiation", amount_cents: 120000, currency: "USD", probability_percent: 60,
    expected_close_date: null, owner_id: "2", lost_reason: null, competitor: null };
  it("puts a deal's state in words", () => {
    expect(dealState(deal)).toBe("Negotiation · 60%");
    expect(dealState({ ...deal, stage: "won" })).toBe("Won");
    expect(dealState({ ...deal, stage: "lost", lost_reason: "too expensive", competitor: "Acme" })).toBe("Lost: too expensive; chose Acme");
    expect(dealState({ ...deal, stage: "lost" })).toBe("Lost");
  });
  it("shows an order's amount net of refunds", () => {
    const o: Order = { id: "1", ordered_at: "", currency: "USD", channel: null, amount_cents: 10000, margin_cents: 4000,
      refunded_cents: 0, net_amount_cents: 10000, status: "placed", lines: [] };
    expect(orderAmount(o)).toBe("$100");
    expect(orderAmount({ ...o, refunded_cents: 2500, net_amount_cents: 7500, status: "partially_refunded" })).toBe("$75 (of $100; $25 refunded)");
    expect(orderAmount({ ...o, status: "cancelled" })).toBe("$100 (cancelled)");
  });
  it("renders a tab list with the first tab selected", () => {
    const html = render(<CustomerTabs customerId="7" customerName="Ann" currency="USD" />);
    expect(html).toContain('role="tablist"');
    expect(html).toMatch(/role="tab"[^>]*aria-selected="true"[^>]*>Tasks</);
    for (const t of ["Deals", "Orders", "Promises", "Referrals"]) expect(html).toMatch(new RegExp(`aria-selected="false"[^>]*>${t}<`));
  });
});
