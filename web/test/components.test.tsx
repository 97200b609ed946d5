// The components' markup, rendered to a string in Node (no browser needed).
import { describe, expect, it } from "vitest";
import { render } from "preact-render-to-string";
import { ApiError } from "../src/api";
import { Empty, ErrorNote } from "../src/components/ErrorNote";
import { LogTouch } from "../src/components/LogTouch";
import { breakEvenText, describeEntry } from "../src/screens/Customer";

describe("ErrorNote", () => {
  it("shows the error in words as an alert, never the JSON", () => {
    const html = render(<ErrorNote error={new ApiError(422, "invalid_argument", "validation failed", { name: "is required" })} />);
    expect(html).toContain('role="alert"');
    expect(html).toContain("Please check: Name: is required.");
    expect(html).not.toContain("{");
  });
  it("renders nothing without an error", () => {
    expect(render(<ErrorNote error={null} />)).toBe("");
  });
  it("offers a retry when it can", () => {
    expect(render(<ErrorNote error={new Error("x")} onRetry={() => {}} />)).toContain("Try again");
  });
});

describe("Empty", () => {
  it("says what to do next", () => {
    const html = render(<Empty title="No customers yet.">Create the first one.</Empty>);
    expect(html).toContain("No customers yet.");
    expect(html).toContain("Create the first one.");
  });
});

describe("LogTouch", () => {
  it("offers the kinds of touch with the chosen one checked", () => {
    const html = render(<LogTouch initialKind="thank_you" onSubmit={async () => {}} submitLabel="Complete and log" />);
    expect(html).toContain("Complete and log");
    expect(html).toMatch(/aria-checked="true"[^>]*>Thank-you</);
    expect(html).toMatch(/aria-checked="false"[^>]*>Call</);
  });
});

describe("describeEntry", () => {
  it("puts each kind of timeline entry in words", () => {
    expect(describeEntry({ type: "interaction", at: "", interaction: { kind: "call", direction: "outbound", summary: "Talked" } })).toBe("Call — Talked");
    expect(describeEntry({ type: "interaction", at: "", interaction: { kind: "email", direction: "inbound", summary: "Question" } })).toBe("Email from them — Question");
    expect(describeEntry({ type: "stage_change", at: "", stage_change: { from: "order", to: "romance" } })).toBe("Stage Order → Romance");
    expect(describeEntry({ type: "order", at: "", order: { amount_cents: 88900, currency: "USD", status: "placed" } })).toBe("Order $889");
  });
});

describe("breakEvenText", () => {
  const base = { historical_value_cents: 0, historical_margin_cents: 0, predicted_clv_cents: null, p_alive: null, break_even_month: null, projected_break_even_month: null, reasons: {} };
  it("says when the customer broke even, is expected to, or why it is unknown", () => {
    expect(breakEvenText({ ...base, break_even_month: "2025-11" })).toBe("broke even 2025-11");
    expect(breakEvenText({ ...base, projected_break_even_month: "2027-02" })).toBe("expected 2027-02");
    expect(breakEvenText({ ...base, reasons: { break_even_month: "the acquisition cost is unknown" } })).toBe("unknown");
    expect(breakEvenText(base)).toBe("not yet");
  });
});
