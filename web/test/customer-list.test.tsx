// The customers list: filters in the address, column-header sorting, bulk reassignment's words.
import { describe, expect, it } from "vitest";
import { render } from "preact-render-to-string";
import { ApiError } from "../src/api";
import {
  DEFAULT_SORT, ariaSort, customersUrl, describeReassignError, filtersFromSearch, hasFilters, nextSort,
} from "../src/customerList";
import { BulkReassign } from "../src/screens/Customers";
import type { Customer, User } from "../src/types";

describe("filters in the address", () => {
  it("reads every filter and the sort, and writes them back", () => {
    const f = filtersFromSearch("?q=ann&stage=order&owner_id=4&source=referral&tag=vip&sort=-name");
    expect(f).toEqual({ q: "ann", stage: "order", owner_id: "4", source: "referral", tag: "vip", sort: "-name" });
    expect(customersUrl(f)).toBe("/customers?q=ann&stage=order&owner_id=4&source=referral&tag=vip&sort=-name");
    expect(hasFilters(f)).toBe(true);
  });
  it("leaves the default out and ignores a sort the API does not know", () => {
    const f = filtersFromSearch("?sort=stage");
    expect(f.sort).toBe(DEFAULT_SORT);
    expect(customersUrl(f)).toBe("/customers");
    expect(hasFilters(f)).toBe(false);
    expect(customersUrl({ ...f, q: "  " , tag: " " })).toBe("/customers");
  });
});

describe("sorting by column header", () => {
  it("flips the same column, starts names A–Z and dates newest first", () => {
    expect(nextSort("-created_at", "name")).toBe("name");
    expect(nextSort("name", "name")).toBe("-name");
    expect(nextSort("-name", "name")).toBe("name");
    expect(nextSort("name", "created_at")).toBe("-created_at");
    expect(nextSort("-stage_changed_at", "stage_changed_at")).toBe("stage_changed_at");
  });
  it("tells assistive technology which way a column is sorted", () => {
    expect(ariaSort("name", "name")).toBe("ascending");
    expect(ariaSort("-name", "name")).toBe("descending");
    expect(ariaSort("-name", "created_at")).toBe("none");
  });
});

describe("describeReassignError", () => {
  const ids = ["11", "12", "13"];
  const names = { "11": "Ann Lee", "12": "Bo Chen" };
  it("names the customer behind customer_ids[i]", () => {
    const err = new ApiError(422, "invalid_argument", "x", { "customer_ids[1]": "no such customer", "customer_ids[2]": "archived" });
    expect(describeReassignError(err, ids, names)).toBe("Nothing was reassigned. Please check: Bo Chen: no such customer; customer 13: archived.");
  });
  it("leaves owner_id to the owner picker", () => {
    const err = new ApiError(422, "invalid_argument", "x", { owner_id: "not an active user" });
    expect(describeReassignError(err, ids, names)).toBe("Please check the field marked below.");
  });
  it("says a rep may not, in words", () => {
    const err = new ApiError(403, "permission_denied", "only managers and admins reassign customers");
    expect(describeReassignError(err, ids, names)).toBe("Only managers and admins reassign customers.");
  });
  it("explains a network failure", () => {
    expect(describeReassignError(new ApiError(0, "network", ""), ids, names)).toMatch(/Cannot reach the Rapport server/);
  });
});

describe("BulkReassign", () => {
  const users: User[] = [
    { id: "1", email: "a@x", name: "Alex Admin", role: "admin", team: null, active: true },
    { id: "9", email: "g@x", name: "Gone Rep", role: "rep", team: null, active: false },
  ];
  it("counts the selection and offers only active users as the new owner", () => {
    const html = render(<BulkReassign ids={["11", "12"]} rows={[] as Customer[]} users={users} onClear={() => {}} onDone={() => {}} />);
    expect(html).toContain("2 selected");
    expect(html).toContain("Alex Admin (admin)");
    expect(html).not.toContain("Gone Rep");
    expect(html).toMatch(/<button[^>]*disabled[^>]*>Reassign…<\/button>/);
  });
});
