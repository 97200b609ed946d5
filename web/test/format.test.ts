import { describe, expect, it } from "vitest";
import { interactionKindForTask, kindLabel, money, relativeDay } from "../src/format";
import { parseRoute } from "../src/router";
import { answerKind } from "../src/screens/Today";
import { daysInStage, refusedMove } from "../src/screens/Board";

describe("format", () => {
  it("formats money in whole units", () => {
    expect(money(289600)).toBe("$2,896");
    expect(money(null)).toBe("–");
  });
  it("says days relative to now", () => {
    const now = new Date(2026, 11, 2, 12);
    expect(relativeDay(new Date(2026, 11, 2, 8).toISOString(), now)).toBe("today");
    expect(relativeDay(new Date(2026, 11, 1, 8).toISOString(), now)).toBe("yesterday");
    expect(relativeDay(new Date(2026, 10, 20, 8).toISOString(), now)).toBe("12 days ago");
    expect(relativeDay(new Date(2026, 11, 5, 8).toISOString(), now)).toBe("in 3 days");
  });
  it("labels kinds and picks the touch for a task", () => {
    expect(kindLabel("post_purchase_conversation")).toBe("Post purchase conversation");
    expect(interactionKindForTask("thank_you")).toBe("thank_you");
    expect(interactionKindForTask("post_purchase_conversation")).toBe("call");
  });
});

describe("parseRoute", () => {
  it("maps paths to screens", () => {
    expect(parseRoute("/")).toEqual({ name: "today" });
    expect(parseRoute("/today/")).toEqual({ name: "today" });
    expect(parseRoute("/customers", "?q=ann")).toEqual({ name: "customers", search: "?q=ann" });
    expect(parseRoute("/settings")).toEqual({ name: "settings" });
    expect(parseRoute("/reset-password", "?token=abc")).toEqual({ name: "reset-password", token: "abc" });
    expect(parseRoute("/customers/42")).toEqual({ name: "customer", id: "42" });
    expect(parseRoute("/sign-in")).toEqual({ name: "sign-in" });
    expect(parseRoute("/nope")).toEqual({ name: "not-found", path: "/nope" });
  });
});

describe("answerKind", () => {
  it("answers the way the message came", () => {
    expect(answerKind("email")).toBe("email");
    expect(answerKind("social")).toBe("social");
    expect(answerKind("phone")).toBe("call");
    expect(answerKind(null)).toBe("email");
  });
});

describe("board", () => {
  it("counts whole days in stage and words a refused move", () => {
    const now = Date.parse("2026-12-02T12:00:00Z");
    expect(daysInStage("2026-11-30T13:00:00Z", now)).toBe(1);
    expect(daysInStage("2026-12-03T00:00:00Z", now)).toBe(0);
    expect(refusedMove("Ann", "lead", "Cannot move from 'romance' to 'lead'.")).toBe("Ann was not moved to Lead: Cannot move from 'romance' to 'lead'.");
  });
});
