// The components' markup, rendered to a string in Node (no browser needed).
import { describe, expect, it } from "vitest";
import { render } from "preact-render-to-string";
import { ApiError } from "../src/api";
import { Empty, ErrorNote } from "../src/components/ErrorNote";
import { LogTouch } from "../src/components/LogTouch";
import { describeEntry } from "../src/screens/Customer";

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
