import { describe, expect, it } from "vitest";
import { render } from "preact-render-to-string";
import { allowedMoves, byDeadline, currentDeadline, duration, timeLeft, transfersText, type Case } from "../src/care";
import { parseRoute } from "../src/router";
import { minutesText } from "../src/screens/CaseFigures";

const base: Case = {
  id: "1", customer_id: "9", title: "Late", description: null, severity: "high", channel: "email", owner_id: "2",
  status: "open", respond_by: "2026-12-02T12:00:00Z", resolve_by: "2026-12-05T12:00:00Z", first_response_at: null,
  response_breached: false, resolution_breached: false, resolution: null, opened_at: "2026-12-02T08:00:00Z",
  reopen_count: 0, transfer_count: 0, version: 1,
};

describe("case time left", () => {
  const now = Date.parse("2026-12-02T10:00:00Z");
  it("says the time left in two units at most", () => {
    expect(timeLeft("2026-12-02T12:00:00Z", now)).toEqual({ text: "2 h left", overdue: false });
    expect(timeLeft("2026-12-02T13:20:00Z", now)).toEqual({ text: "3 h 20 min left", overdue: false });
    expect(timeLeft("2026-12-04T14:00:00Z", now)).toEqual({ text: "2 days 4 h left", overdue: false });
    expect(timeLeft("2026-12-03T10:00:00Z", now).text).toBe("1 day left");
  });
  it("says overdue by how much", () => {
    expect(timeLeft("2026-12-02T09:15:00Z", now)).toEqual({ text: "overdue by 45 min", overdue: true });
  });
  it("formats durations in minutes", () => {
    expect(duration(0)).toBe("0 min");
    expect(duration(238.01)).toBe("3 h 58 min");
    expect(minutesText(null)).toBe("–");
    expect(minutesText(4111.28)).toBe("2 days 20 h");
  });
});

describe("case deadlines and moves", () => {
  it("races the response first, then the resolution, then nothing", () => {
    expect(currentDeadline(base)).toEqual({ kind: "respond", at: base.respond_by });
    expect(currentDeadline({ ...base, status: "in_progress", first_response_at: "2026-12-02T09:00:00Z" })).toEqual({ kind: "resolve", at: base.resolve_by });
    expect(currentDeadline({ ...base, status: "resolved" })).toBeNull();
  });
  it("orders the queue by the deadline raced, finished cases last", () => {
    const a = { ...base, id: "a", respond_by: "2026-12-02T15:00:00Z" };
    const b = { ...base, id: "b", respond_by: "2026-12-02T09:00:00Z" };
    const c = { ...base, id: "c", status: "closed" as const };
    expect(byDeadline([c, a, b]).map((x) => x.id)).toEqual(["b", "a", "c"]);
  });
  it("knows the status machine's moves", () => {
    expect(allowedMoves("open")).toEqual(["in_progress", "resolved"]);
    expect(allowedMoves("in_progress")).toEqual(["resolved"]);
    expect(allowedMoves("resolved")).toEqual(["closed", "open"]);
    expect(allowedMoves("closed")).toEqual(["open"]);
  });
  it("counts transfers in words", () => {
    expect(transfersText(0)).toBe("never transferred");
    expect(transfersText(1)).toBe("transferred once");
    expect(transfersText(3)).toBe("transferred 3 times");
  });
  it("routes /cases with a customer and /economics", () => {
    expect(parseRoute("/cases")).toEqual({ name: "cases", customerId: "" });
    expect(parseRoute("/cases", "?customer_id=7")).toEqual({ name: "cases", customerId: "7" });
    expect(parseRoute("/economics")).toEqual({ name: "economics" });
  });
});

describe("Cases markup", async () => {
  const { CaseFigures } = await import("../src/screens/CaseFigures");
  const { CaseItem } = await import("../src/screens/Cases");
  it("shows an overdue response, the transfers and the allowed moves first", () => {
    const html = render(<CaseItem c={{ ...base, respond_by: new Date(Date.now() - 90 * 60_000).toISOString(), transfer_count: 3, response_breached: true }}
      customerName="Ann Lee" onMove={async () => {}} />);
    expect(html).toContain("Respond: overdue by 1 h 30 min");
    expect(html).toContain("transferred 3 times");
    expect(html).toContain("response deadline missed");
    expect(html).toMatch(/<optgroup label="Allowed"><option value="in_progress">In progress<\/option><option value="resolved">Resolved/);
    expect(html).toMatch(/label="Not allowed from here"><option value="closed">Closed/);
    expect(html).toContain(">Ann Lee<");
  });
  it("renders a loading state before the figures arrive", () => {
    expect(render(<CaseFigures />)).toContain("Loading the care figures");
  });
});
