// The Economics screen's parts rendered to a string in Node (no canvas is drawn: effects do not run
// in render-to-string), for the empty states and the tables.
import { describe, expect, it } from "vitest";
import { render } from "preact-render-to-string";
import { BySource, Heatmap, WhatIfView } from "../src/screens/Economics";

const noModel = "no model fitted in the last scoring run: too little data";
const figures = {
  customers: 14, customers_with_cost: 14, cac_cents: null, ltv_cents: null, ltv_to_cac: null, median_months_to_break_even: null,
  broke_even: 0, not_yet_broke_even: 14, reasons: { ltv_cents: "no purchase model is fitted", ltv_to_cac: "needs both the LTV and the CAC" },
};

describe("Economics empty states", () => {
  it("a what-if without a model says why, in words", () => {
    const html = render(<WhatIfView w={[{ currency: "USD", retention_uplift: 0.05, horizon_months: 12, customers_expected_lost: null,
      customers_kept: null, value_cents: null, assumptions: [], reasons: { value_cents: noModel } }]} />);
    expect(html).toContain("The what-if needs a fitted model.");
    expect(html).toContain(`Value: ${noModel}.`);
    expect(html).not.toContain("{");
  });
  it("sources without values show the reasons instead of an empty chart, and keep the table", () => {
    const html = render(<BySource s={{ currency: "USD", overall: figures, by_source: [{ ...figures, source: "paid_search" }], by_cohort: [], reasons: {} }} />);
    expect(html).toContain("LTV: no purchase model is fitted.");
    expect(html).not.toContain("<canvas");
    expect(html).toContain("Paid search");
  });
  it("no cohorts says what to do next", () => {
    expect(render(<Heatmap c={{ currency: "USD", cohorts: [], reasons: {} }} />)).toContain("Retention appears once customers have ordered.");
  });
  it("the heatmap colours every month after the first and leaves month 0 pale", () => {
    const html = render(<Heatmap c={{ currency: "USD", cohorts: [{ cohort: "2026-01", customers: 4, margin_cents: 100, retention: [1, 0.5, 0.25] }], reasons: {} }} />);
    expect(html).toContain("hsl(152, 45%, 35%)"); // 50%: the top of the scale
    expect(html).toContain("hsl(152, 45%, 66%)"); // 25%
    expect(html).toContain(">100%<");
  });
});
