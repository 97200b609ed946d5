import { describe, expect, it } from "vitest";
import { heatColour, heatMax, percent, ratio, reasonsInWords, sourceLabel } from "../src/econ";

describe("economics", () => {
  it("says why figures are missing, once each", () => {
    expect(reasonsInWords({ ltv_cents: "no purchase model is fitted", ltv_to_cac: "needs both the LTV and the CAC." })).toEqual([
      "LTV: no purchase model is fitted.", "LTV:CAC: needs both the LTV and the CAC.",
    ]);
    expect(reasonsInWords(undefined)).toEqual([]);
  });
  it("colours the heatmap from near white to dark green, with readable text", () => {
    expect(heatColour(0)).toEqual({ background: "hsl(152, 45%, 97%)", color: "#1d2b24" });
    expect(heatColour(0.5, 0.5)).toEqual({ background: "hsl(152, 45%, 35%)", color: "#fff" });
    expect(heatColour(0.25, 0.5).background).toBe("hsl(152, 45%, 66%)");
    expect(heatColour(2, 1).background).toBe("hsl(152, 45%, 35%)"); // clamped
  });
  it("scales the heatmap to the largest share after month 0", () => {
    expect(heatMax([{ retention: [1, 0.2, 0.1] }, { retention: [1, 0.4] }])).toBe(0.4);
    expect(heatMax([{ retention: [1] }])).toBe(1);
  });
  it("formats shares, ratios and sources", () => {
    expect(percent(0.0909)).toBe("9%");
    expect(percent(null)).toBe("–");
    expect(ratio(15.956)).toBe("16×");
    expect(ratio(3.3254)).toBe("3.3×");
    expect(sourceLabel("paid_search")).toBe("Paid search");
    expect(sourceLabel(null)).toBe("No source");
  });
});
