// Settings' pure parts: the cadence rule's body and words, durations, field errors next to inputs.
import { describe, expect, it } from "vitest";
import { ApiError, describeError, fieldError } from "../src/api";
import { cadenceBody, cadenceForm, durationText, emptyCadenceForm, numberOrText, ruleText, targetText, type Cadence } from "../src/settings";

const rule: Cadence = {
  id: "6", name: "A new lead: follow up within 3 days", type: "after_stage", days: 3, task_kind: "follow_up", stage: "lead",
  target: { stages: [], source: null, tag: null, owner_id: "4", min_value_cents: 50000 }, active: true, version: 2,
};

describe("cadence rules", () => {
  it("puts a rule in words", () => {
    expect(ruleText(rule)).toBe("Follow up 3 days after entering Lead");
    expect(ruleText({ type: "touch_every", days: 45, task_kind: null, stage: null })).toBe("Personal touch at least every 45 days");
    expect(ruleText({ type: "after_order", days: 1, task_kind: "thank_you", stage: null })).toBe("Thank you 1 day after each order");
    expect(targetText({ stages: ["romance", "order"], source: "referral", tag: null, owner_id: null, min_value_cents: null }))
      .toBe("Romance, Order customers, source referral");
    expect(targetText({ stages: [], source: null, tag: null, owner_id: null, min_value_cents: null })).toBe("Every customer");
  });
  it("round-trips a rule through the form and keeps what the form does not edit", () => {
    const body = cadenceBody(cadenceForm(rule), rule);
    expect(body).toEqual({
      name: rule.name, type: "after_stage", days: 3, task_kind: "follow_up", stage: "lead",
      target: { stages: [], source: null, tag: null, owner_id: "4", min_value_cents: 50000 }, active: true,
    });
  });
  it("sends no task kind for a touch rule, no stage unless after_stage, and a bad number as typed", () => {
    const body = cadenceBody({ ...emptyCadenceForm(), name: " VIP ", days: "ten", stages: ["romance"], tag: " vip " });
    expect(body).toMatchObject({ name: "VIP", type: "touch_every", days: "ten", task_kind: null, stage: null });
    expect(body.target).toEqual({ stages: ["romance"], source: null, tag: "vip", owner_id: null, min_value_cents: null });
  });
});

describe("durationText and numberOrText", () => {
  it("reads minutes the way people say them", () => {
    expect(durationText(60)).toBe("1 h");
    expect(durationText(90)).toBe("1 h 30 min");
    expect(durationText(45)).toBe("45 min");
    expect(durationText(1440)).toBe("1 day");
    expect(durationText(20160)).toBe("14 days");
    expect(durationText(0)).toBe("–");
  });
  it("turns whole numbers into numbers and leaves anything else as text", () => {
    expect(numberOrText(" 42 ")).toBe(42);
    expect(numberOrText("-1")).toBe(-1);
    expect(numberOrText("4.5")).toBe("4.5");
    expect(numberOrText("")).toBe("");
  });
});

describe("field errors next to their inputs", () => {
  const err = new ApiError(422, "invalid_argument", "x", { days: "must be 1 to 3650", "tiers[1].name": "must not be empty" });
  it("finds a field's reason, exactly or inside it", () => {
    expect(fieldError(err, "days")).toBe("must be 1 to 3650");
    expect(fieldError(err, "tiers")).toBe("Name: must not be empty");
    expect(fieldError(err, "name")).toBeNull();
    expect(fieldError(new Error("x"), "days")).toBeNull();
  });
  it("does not repeat in the alert what is shown next to the fields", () => {
    expect(describeError(err, ["days", "tiers"])).toBe("Please check the fields marked below.");
    expect(describeError(err, ["days"])).toBe("Please check: Name: must not be empty.");
    expect(describeError(err)).toBe("Please check: Days: must be 1 to 3650; Name: must not be empty.");
  });
});
