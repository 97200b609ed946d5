import { describe, expect, it } from "vitest";
import { Api, ApiError, describeError, errorFromResponse, fieldLabel, withQuery } from "../src/api";

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

describe("describeError", () => {
  it("names every rejected field in words", () => {
    const e = new ApiError(422, "invalid_argument", "validation failed", { name: "is required", "address.country": "must be a 2-letter code" });
    expect(describeError(e)).toBe("Please check: Name: is required; Country: must be a 2-letter code.");
  });

  it("uses the server's message when there are no fields", () => {
    expect(describeError(new ApiError(401, "unauthenticated", "wrong email or password"))).toBe("Wrong email or password.");
    expect(describeError(new ApiError(404, "not_found", "no customer 99"))).toBe("No customer 99.");
  });

  it("says when to try again after too many attempts", () => {
    const e = new ApiError(429, "too_many_requests", "too many failed sign-ins", {}, 30);
    expect(describeError(e)).toBe("Too many failed sign-ins. Try again in 30 seconds.");
  });

  it("explains network failures, busy servers, conflicts and server faults without jargon", () => {
    expect(describeError(new ApiError(0, "network", ""))).toMatch(/Cannot reach the Rapport server/);
    expect(describeError(new ApiError(503, "unavailable", "database busy"))).toMatch(/busy/);
    expect(describeError(new ApiError(412, "precondition_failed", "stale"))).toMatch(/Someone else changed this/);
    expect(describeError(new ApiError(500, "internal", "boom"))).toMatch(/went wrong on the server/);
  });

  it("never shows raw JSON for anything else", () => {
    expect(describeError(new Error("x failed"))).toBe("X failed.");
    expect(describeError("weird")).toBe("Something went wrong. Please try again.");
    expect(describeError(undefined)).toBe("Something went wrong. Please try again.");
  });
});

describe("fieldLabel", () => {
  it("turns field paths into labels", () => {
    expect(fieldLabel("due_at")).toBe("Due at");
    expect(fieldLabel("notes.expectations")).toBe("Expectations");
    expect(fieldLabel("tags[3]")).toBe("Tags");
  });
});

describe("errorFromResponse", () => {
  it("reads the API's error body", async () => {
    const e = await errorFromResponse(json(422, { error: { code: "invalid_argument", message: "bad", fields: { email: "is not an email address" } } }));
    expect(e.status).toBe(422);
    expect(e.code).toBe("invalid_argument");
    expect(e.fields).toEqual({ email: "is not an email address" });
  });

  it("copes with a body that is not the API's (a proxy's HTML page)", async () => {
    const e = await errorFromResponse(new Response("<html>bad gateway</html>", { status: 502, statusText: "Bad Gateway" }));
    expect(e.code).toBe("unknown");
    expect(describeError(e)).toBe("The server answered 502 Bad Gateway without an explanation.");
  });

  it("keeps Retry-After", async () => {
    const e = await errorFromResponse(json(429, { error: { code: "too_many_requests", message: "slow down", fields: {} } }, { "Retry-After": "5" }));
    expect(e.retryAfterSeconds).toBe(5);
  });
});

describe("Api", () => {
  it("sends the CSRF token on writes only, with the session cookie", async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const api = new Api(async (url, init) => {
      calls.push({ url, init: init ?? {} });
      return json(200, { ok: true });
    });
    api.csrfToken = "tok";
    await api.get("/customers", { q: "ann", limit: 25, cursor: undefined });
    await api.post("/customers", { name: "Ann" });
    expect(calls[0].url).toBe("/api/v1/customers?q=ann&limit=25");
    expect((calls[0].init.headers as Record<string, string>)["X-CSRF-Token"]).toBeUndefined();
    expect(calls[0].init.credentials).toBe("same-origin");
    expect((calls[1].init.headers as Record<string, string>)["X-CSRF-Token"]).toBe("tok");
    expect(calls[1].init.body).toBe('{"name":"Ann"}');
  });

  it("turns a failed fetch into a network ApiError", async () => {
    const api = new Api(async () => {
      throw new TypeError("Failed to fetch");
    });
    await expect(api.get("/today")).rejects.toMatchObject({ code: "network" });
  });

  it("reports a lost session once, but not for a failed sign-in", async () => {
    let signedOut = 0;
    const api = new Api(async () => json(401, { error: { code: "unauthenticated", message: "session expired", fields: {} } }));
    api.onSignedOut = () => signedOut++;
    await expect(api.get("/today")).rejects.toBeInstanceOf(ApiError);
    expect(signedOut).toBe(1);
    await expect(api.post("/auth/login", { email: "a", password: "b" })).rejects.toMatchObject({ status: 401 });
    expect(signedOut).toBe(1);
  });
});

describe("withQuery", () => {
  it("drops empty values", () => {
    expect(withQuery("/x", { a: "", b: null, c: 0, d: "x y" })).toBe("/x?c=0&d=x+y");
    expect(withQuery("/x")).toBe("/x");
  });
});
