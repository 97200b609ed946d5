// The API client: same-origin fetch with the session cookie, the CSRF header on every write, and
// every failure turned into an ApiError whose `describe()` says what went wrong in words.

export interface FieldErrors {
  [field: string]: string;
}

// What the API answers on failure: {"error":{"code","message","fields"}}.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldErrors = {},
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = "ApiError";
  }

  describe(): string {
    return describeError(this);
  }
}

// "customer.email" -> "Email", "notes.expectations" -> "Expectations", "due_at" -> "Due at".
export function fieldLabel(field: string): string {
  const last = field.split(".").pop() ?? field;
  const words = last.replace(/\[\d+\]/g, "").replace(/_/g, " ").trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : field;
}

function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const s = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(s) ? s : s + ".";
}

// The reason the API gave for one field of a 422 (exact name, or a part of it: "tiers[1].name"
// belongs to "tiers"), or null. Forms show it next to the field.
export function fieldError(err: unknown, field: string): string | null {
  if (!(err instanceof ApiError)) return null;
  if (field in err.fields) return err.fields[field];
  for (const [f, why] of Object.entries(err.fields)) {
    if (f.startsWith(field + ".") || f.startsWith(field + "[")) return `${fieldLabel(f)}: ${why}`;
  }
  return null;
}

function coveredBy(field: string, shown: string[]): boolean {
  return shown.some((s) => field === s || field.startsWith(s + ".") || field.startsWith(s + "["));
}

// The words shown to the person for any error: an ApiError, a network failure, anything else.
// `shownFields`: fields the form already explains next to their inputs; they are not repeated.
export function describeError(err: unknown, shownFields: string[] = []): string {
  if (err instanceof ApiError) {
    const all = Object.entries(err.fields);
    const fields = all.filter(([f]) => !coveredBy(f, shownFields));
    if (all.length > 0 && fields.length === 0) {
      return all.length === 1 ? "Please check the field marked below." : "Please check the fields marked below.";
    }
    if (fields.length > 0) {
      const list = fields.map(([f, why]) => `${fieldLabel(f)}: ${why}`).join("; ");
      return sentence(`Please check: ${list}`);
    }
    switch (err.code) {
      case "network":
        return "Cannot reach the Rapport server. Check the connection and try again.";
      case "unauthenticated":
        return err.message ? sentence(err.message) : "You are signed out. Please sign in again.";
      case "permission_denied":
        return sentence(err.message || "You are not allowed to do this");
      case "too_many_requests": {
        const wait = err.retryAfterSeconds;
        const base = err.message ? sentence(err.message) : "Too many attempts.";
        return wait ? `${base} Try again in ${wait} second${wait === 1 ? "" : "s"}.` : base;
      }
      case "unavailable":
        return "The server is busy right now. Please try again in a moment.";
      case "precondition_failed":
        return "Someone else changed this in the meantime. Reload to see their change, then try again.";
      case "internal":
        return "Something went wrong on the server. Please try again; if it keeps happening, tell your administrator.";
      default:
        if (err.message) return sentence(err.message);
        return `The server answered ${err.status} without an explanation.`;
    }
  }
  if (err instanceof Error && err.message) return sentence(err.message);
  return "Something went wrong. Please try again.";
}

// Builds the ApiError for a response that is not ok, from its JSON body when it has one.
export async function errorFromResponse(res: Response): Promise<ApiError> {
  const retry = res.headers.get("retry-after");
  const retryAfter = retry && /^\d+$/.test(retry) ? Number(retry) : null;
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  const e = (body as { error?: { code?: unknown; message?: unknown; fields?: unknown } } | null)?.error;
  if (e && typeof e === "object") {
    const fields: FieldErrors = {};
    if (e.fields && typeof e.fields === "object") {
      for (const [k, v] of Object.entries(e.fields as Record<string, unknown>)) fields[k] = String(v);
    }
    return new ApiError(
      res.status,
      typeof e.code === "string" ? e.code : "unknown",
      typeof e.message === "string" ? e.message : "",
      fields,
      retryAfter,
    );
  }
  const statusText = res.statusText ? ` ${res.statusText}` : "";
  return new ApiError(res.status, "unknown", `The server answered ${res.status}${statusText} without an explanation`, {}, retryAfter);
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface Query {
  [name: string]: string | number | boolean | null | undefined;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === "") continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export class Api {
  csrfToken: string | null = null;
  // Called when a request finds the session gone (401), so the app can show the sign-in screen.
  onSignedOut: (() => void) | null = null;

  constructor(private readonly fetchFn: Fetch = (input, init) => fetch(input, init)) {}

  async request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET" && method !== "HEAD" && this.csrfToken) headers["X-CSRF-Token"] = this.csrfToken;
    let res: Response;
    try {
      res = await this.fetchFn(withQuery(`/api/v1${path}`, query), {
        method,
        headers,
        credentials: "same-origin",
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, "network", "");
    }
    if (!res.ok) {
      const err = await errorFromResponse(res);
      if (err.status === 401 && !path.startsWith("/auth/")) this.onSignedOut?.();
      throw err;
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(res.status, "unknown", "The server's answer could not be read");
    }
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>("GET", path, undefined, query);
  }
  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>("POST", path, body);
  }
  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>("PATCH", path, body);
  }
  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>("PUT", path, body);
  }
  delete<T>(path: string): Promise<T> {
    return this.request<T>("DELETE", path);
  }
}

export const api = new Api();
