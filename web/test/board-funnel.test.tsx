// Issue 9 web logic: board headers from the server's stage counts, the filters as query
// parameters, the bound on rendered cards; the funnel and probability-alive helpers and their
// views' tables and empty states (rendered to a string: no canvas in Node).
import { describe, expect, it } from "vitest";
import { render } from "preact-render-to-string";
import { boardQuery, canShowMore, cappedNote, cardValue, columnHeader, MAX_CARDS } from "../src/board";
import { binLabel, days, funnelIsEmpty, likelyAlive, overallConversion, period, type FunnelReport, type PAlive } from "../src/funnel";
import { FunnelView, PAliveView } from "../src/screens/Economics";

describe("board headers and filters", () => {
  it("a card shows what the customer bought, else their predicted value, else nothing", () => {
    expect(cardValue({ historical_value_cents: 123_456, predicted_clv_cents: 9_000, currency: "EUR" })).toBe("€1,235 bought");
    expect(cardValue({ historical_value_cents: 0, predicted_clv_cents: 9_000, currency: "EUR" })).toBe("€90 predicted");
    expect(cardValue({ historical_value_cents: null, predicted_clv_cents: null, currency: "EUR" })).toBeNull();
    expect(cardValue({ currency: "EUR" })).toBeNull();
  });
  it("shows the server's count and value, not the loaded cards", () => {
    const h = columnHeader({ stage: "romance", count: 230600, value_cents: 48_467_999_200 }, 30, true, "EUR");
    expect(h.count).toBe("230,600");
    expect(h.value).toBe("€484,679,992");
  });
  it("falls back to the loaded cards while the counts are unknown, and hides a zero value", () => {
    expect(columnHeader(undefined, 30, true, "USD")).toEqual({ count: "30+", value: null });
    expect(columnHeader({ stage: "lead", count: 5, value_cents: 0 }, 5, false, "USD").value).toBeNull();
  });
  it("leaves empty filters out and trims the others", () => {
    expect(boardQuery({ owner: "", source: " ads ", tag: "" })).toEqual({ source: "ads" });
    expect(boardQuery({ owner: "7", source: "", tag: "vip" })).toEqual({ owner_id: "7", tag: "vip" });
  });
  it("stops paging at MAX_CARDS and says how many there are", () => {
    expect(canShowMore(30, "c")).toBe(true);
    expect(canShowMore(MAX_CARDS, "c")).toBe(false);
    expect(canShowMore(30, null)).toBe(false);
    expect(cappedNote(MAX_CARDS, { stage: "contact", count: 300307, value_cents: 0 }, "c")).toContain(`Showing ${MAX_CARDS} of 300,307.`);
    expect(cappedNote(MAX_CARDS, undefined, null)).toBeNull();
  });
});

const funnel: FunnelReport = {
  from: "2025-12-03T00:00:00.000Z", to: "2026-12-03T00:00:00.000Z", reasons: {},
  stages: [
    { stage: "contact", reached: 200, conversion: null, median_days_in_stage: 12.5 },
    { stage: "lead", reached: 100, conversion: 0.5, median_days_in_stage: 3.25 },
    { stage: "proposal", reached: 50, conversion: 0.5, median_days_in_stage: null },
    { stage: "negotiation", reached: 40, conversion: 0.8, median_days_in_stage: 4 },
    { stage: "order", reached: 20, conversion: 0.5, median_days_in_stage: 0.5 },
    { stage: "romance", reached: 10, conversion: 0.5, median_days_in_stage: null },
  ],
};
const bins = Array.from({ length: 10 }, (_, i) => ({ from: i / 10, to: (i + 1) / 10, count: i < 5 ? 1 : 3 }));
const pAlive: PAlive = { bins, scored: 20, unscored: 7, model: "bgnbd", version: 3, fitted_at: "2026-12-01T02:00:00.000Z", reasons: {} };

describe("funnel and probability alive", () => {
  it("computes the overall conversion and formats days, bins and the period", () => {
    expect(overallConversion(funnel)).toBe(0.05);
    expect(funnelIsEmpty(funnel)).toBe(false);
    expect(days(12.5)).toBe("13 days");
    expect(days(3.25)).toBe("3.3 days");
    expect(days(null)).toBe("–");
    expect(binLabel(bins[1])).toBe("10–20%");
    expect(period(funnel)).toBe("2025-12-03 to 2026-12-03");
    expect(likelyAlive(pAlive)).toBe(0.75);
  });
  it("the funnel table has every stage with its conversion and time in stage", () => {
    const html = render(<FunnelView f={funnel} />);
    expect(html).toContain("Lifecycle funnel (numbers)");
    expect(html).toContain("50.0%");
    expect(html).toContain("80.0%");
    expect(html).toContain("5.0% of the contacts reached romance");
  });
  it("an empty funnel says what to do next", () => {
    const empty = { ...funnel, stages: funnel.stages.map((s) => ({ ...s, reached: 0, conversion: null })) };
    const html = render(<FunnelView f={empty} />);
    expect(html).toContain("Pipeline board");
    expect(html).not.toContain("<canvas");
  });
  it("the histogram's table has ten bins and names the model", () => {
    const html = render(<PAliveView p={pAlive} />);
    expect(html).toContain("90–100%");
    expect(html).toContain("Model bgnbd, run 3, fitted 2026-12-01.");
    expect(html).toContain("7 not scored");
  });
  it("no scores says why, in words", () => {
    const html = render(<PAliveView p={{ ...pAlive, scored: 0, unscored: 5, model: null, version: null, fitted_at: null,
      bins: bins.map((b) => ({ ...b, count: 0 })), reasons: { model: "no scoring run yet" } }} />);
    expect(html).toContain("No probability alive yet.");
    expect(html).toContain("Model: no scoring run yet.");
  });
});
