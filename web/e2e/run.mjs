// End-to-end tests of the web app in a real browser: a real `rapport serve` on a free port with a
// fresh demo database, Debian's Chromium driven by playwright-core. Run by ctest as web.e2e, or by
// hand after a build:
//   RAPPORT_BIN=build/src/app/rapport RAPPORT_WEB_ROOT=build/web/dist node web/e2e/run.mjs
// Environment: RAPPORT_BIN (required), RAPPORT_WEB_ROOT (required), RAPPORT_CHROMIUM
// (default /usr/bin/chromium), RAPPORT_E2E_ARTIFACTS (screenshots and the server's log; default
// a temporary directory). Prints one line per test and "N passed, M failed" last; exits 1 on a
// failure.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, copyFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const BIN = process.env.RAPPORT_BIN;
const WEB_ROOT = process.env.RAPPORT_WEB_ROOT;
const CHROMIUM = process.env.RAPPORT_CHROMIUM || "/usr/bin/chromium";
const tmp = mkdtempSync(path.join(os.tmpdir(), "rapport-e2e-"));
const ARTIFACTS = process.env.RAPPORT_E2E_ARTIFACTS || path.join(os.tmpdir(), "rapport-e2e-artifacts");
const USER = { email: "rita.rep@rapport.demo", password: "rapport-demo" };
const MANAGER = { email: "maria.manager@rapport.demo", password: "rapport-demo" };

function fatal(message) {
  console.error(`web e2e: ${message}`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}
if (!BIN || !existsSync(BIN)) fatal(`RAPPORT_BIN must name the built rapport binary (got '${BIN ?? ""}')`);
if (!WEB_ROOT || !existsSync(path.join(WEB_ROOT, "index.html")))
  fatal(`RAPPORT_WEB_ROOT must name the built web app (no index.html in '${WEB_ROOT ?? ""}'): build the web target`);
if (!existsSync(CHROMIUM)) fatal(`no Chromium at ${CHROMIUM}: install Debian's chromium package (scripts/install-deps)`);
mkdirSync(ARTIFACTS, { recursive: true });

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function startServer() {
  const db = path.join(tmp, "e2e.db");
  execFileSync(BIN, ["demo", "--db", db, "--customers", "500", "--seed", "42"], { stdio: ["ignore", "ignore", "pipe"] });
  // Fit the lifetime-value models now, so Economics has LTV, break-even and the what-if to show.
  execFileSync(BIN, ["score", "--db", db], { stdio: ["ignore", "ignore", "pipe"] });
  const port = await freePort();
  const logPath = path.join(tmp, "server.log");
  const log = openSync(logPath, "w");
  const child = spawn(BIN, ["serve", "--db", db, "--listen", `127.0.0.1:${port}`, "--web-root", WEB_ROOT], {
    stdio: ["ignore", log, log],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) break;
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) return { child, base, logPath };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  child.kill("SIGKILL");
  fatal(`rapport serve did not become healthy on ${base}:\n${readFileSync(logPath, "utf8").slice(-2000)}`);
}

const results = [];
async function test(name, fn) {
  const t0 = performance.now();
  try {
    await fn();
    const ms = Math.round(performance.now() - t0);
    results.push({ name, ok: true, ms });
    console.log(`ok - ${name} (${ms} ms)`);
  } catch (err) {
    const ms = Math.round(performance.now() - t0);
    results.push({ name, ok: false, ms });
    console.log(`not ok - ${name} (${ms} ms)\n  ${String(err?.stack ?? err).split("\n").join("\n  ")}`);
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}

const { child: server, base, logPath } = await startServer();
const profile = mkdtempSync(path.join(tmp, "profile-"));
let context;
const pageErrors = [];
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
    viewport: { width: 1280, height: 900 },
  });
} catch (err) {
  server.kill("SIGTERM");
  fatal(`cannot start Chromium (${CHROMIUM}): ${err?.message ?? err}`);
}
const page = context.pages()[0] ?? (await context.newPage());
page.setDefaultTimeout(20_000); // generous: ctest runs it beside other tests on 2 cores
page.on("pageerror", (e) => pageErrors.push(`page error: ${e.message}`));
page.on("console", (m) => {
  // A 4xx the app handles (a wrong password) is logged by the browser as a failed resource; only
  // script errors and policy violations count.
  if (m.type() === "error" && !/Failed to load resource/.test(m.text())) pageErrors.push(`console: ${m.text()}`);
});
const shot = (name) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

let forgottenGone = null;
const newName = `E2E Customer ${Date.now()}`;
let newId = null;

await test("the server sends the app with its content types and caching", async () => {
  const index = await fetch(`${base}/today`);
  assert(index.status === 200, `GET /today: ${index.status}`);
  assert(index.headers.get("content-type") === "text/html; charset=utf-8", `index content-type ${index.headers.get("content-type")}`);
  assert(index.headers.get("cache-control") === "no-cache", `index cache-control ${index.headers.get("cache-control")}`);
  const html = await index.text();
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  assert(script, "index.html names no script under /assets/");
  const js = await fetch(base + script);
  assert(js.status === 200, `GET ${script}: ${js.status}`);
  assert(js.headers.get("content-type")?.startsWith("text/javascript"), `script content-type ${js.headers.get("content-type")}`);
  assert(js.headers.get("cache-control") === "public, max-age=31536000, immutable", `script cache-control ${js.headers.get("cache-control")}`);
  const missing = await fetch(`${base}/assets/index-missing.js`);
  assert(missing.status === 404, `missing asset: ${missing.status}`);
});

await test("sign in: a wrong password is explained in words", async () => {
  await page.goto(`${base}/`);
  await page.getByLabel("Email").fill(USER.email);
  await page.getByLabel("Password").fill("not-the-password");
  await shot("01-sign-in");
  await page.getByRole("button", { name: "Sign in" }).click();
  const alert = page.getByRole("alert");
  await alert.waitFor();
  const text = await alert.innerText();
  assert(/wrong email or password/i.test(text), `alert says: ${text}`);
  assert(!text.includes("{"), `alert shows raw JSON: ${text}`);
});

await test("sign in lands on Today with the forgotten customers and an HttpOnly session cookie", async () => {
  await page.getByLabel("Password").fill(USER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Today", level: 1 }).waitFor();
  await page.getByRole("list", { name: "Forgotten customers" }).waitFor();
  const cookies = await context.cookies(base);
  assert(cookies.some((c) => c.name === "rapport_session" && c.httpOnly), "no HttpOnly rapport_session cookie");
  await shot("02-today");
});

await test("complete a task and log its touch in one step", async () => {
  // A task of our own, due an hour ago, so the test does not depend on what the demo scheduled.
  const session = await (await page.request.get(`${base}/api/v1/auth/session`)).json();
  const mine = await (await page.request.get(`${base}/api/v1/customers?owner_id=${session.user.id}&limit=1`)).json();
  assert(mine.data?.length === 1, `the demo user owns no customer: ${JSON.stringify(mine).slice(0, 200)}`);
  const title = `Thank-you for the e2e order ${Date.now()}`;
  const created = await page.request.post(`${base}/api/v1/tasks`, {
    headers: { "X-CSRF-Token": session.csrf_token },
    data: { customer_id: mine.data[0].id, kind: "thank_you", title, due_at: new Date(Date.now() - 3_600_000).toISOString() },
  });
  assert(created.status() === 201, `POST /tasks: ${created.status()} ${await created.text()}`);
  await page.reload();
  const tasks = page.getByRole("list", { name: "Tasks" });
  const item = tasks.locator("li").filter({ hasText: title });
  await item.waitFor();
  const before = await tasks.locator("li").count();
  await item.getByRole("button", { name: "Complete…" }).click();
  const checked = await item.getByRole("radio", { name: "Thank-you" }).getAttribute("aria-checked");
  assert(checked === "true", "a thank-you task should offer a thank-you touch first");
  await item.getByLabel("Summary").fill("Done from the e2e test");
  await item.getByRole("button", { name: "Complete and log" }).click();
  await page.getByRole("status").filter({ hasText: `Done: ${title}` }).waitFor();
  await item.waitFor({ state: "detached" });
  const after = await tasks.locator("li").count();
  assert(after === before - 1, `tasks: ${before} before, ${after} after`);
});

await test("answer a message that waits for a reply, from Today", async () => {
  const session = await (await page.request.get(`${base}/api/v1/auth/session`)).json();
  const mine = await (await page.request.get(`${base}/api/v1/customers?owner_id=${session.user.id}&limit=1&sort=name`)).json();
  const summary = `Question about delivery ${Date.now()}`;
  const inbound = await page.request.post(`${base}/api/v1/customers/${mine.data[0].id}/interactions`, {
    headers: { "X-CSRF-Token": session.csrf_token },
    // Received two hours ago, answer due an hour ago: overdue, so on Today whatever the hour.
    data: {
      kind: "email", direction: "inbound", needs_reply: true, summary, channel: "email",
      at: new Date(Date.now() - 7_200_000).toISOString(), reply_due_at: new Date(Date.now() - 3_600_000).toISOString(),
    },
  });
  assert(inbound.status() === 201, `POST inbound: ${inbound.status()} ${await inbound.text()}`);
  await page.reload();
  const item = page.getByRole("list", { name: "Messages waiting for an answer" }).locator("li").filter({ hasText: summary });
  await item.waitFor();
  await item.getByRole("button", { name: "Answer…" }).click();
  await item.getByLabel("Summary").fill("Delivery is on Thursday");
  await item.getByRole("button", { name: "Log the answer" }).click();
  await page.getByRole("status").filter({ hasText: "Answered" }).waitFor();
  await item.waitFor({ state: "detached" });
});

await test("log a touch from Today and the customer leaves the forgotten list", async () => {
  const list = page.getByRole("list", { name: "Forgotten customers" });
  const first = list.locator("li").first();
  const id = await first.getAttribute("data-customer-id");
  const name = await first.locator("strong").first().innerText();
  await first.getByRole("button", { name: "Log touch…" }).click();
  await first.getByRole("radio", { name: "Call" }).click();
  await first.getByLabel("Summary").fill("Checked in on their plans");
  await shot("03-today-log-touch");
  await first.getByRole("button", { name: "Log touch" }).click();
  await page.getByRole("status").filter({ hasText: `Call with ${name} logged` }).waitFor();
  await page.locator(`li[data-customer-id="${id}"]`).waitFor({ state: "detached" });
  forgottenGone = name;
});

await test("create a customer: a bad email is explained, a good one opens the customer", async () => {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Customers" }).click();
  await page.getByRole("heading", { name: "Customers", level: 1 }).waitFor();
  await page.getByRole("table", { name: "Customers" }).waitFor();
  await shot("04-customers");
  await page.getByRole("button", { name: "New customer" }).click();
  const form = page.getByRole("form", { name: "New customer" });
  await form.getByLabel("Name").fill(newName);
  await form.getByLabel("Email").fill("not-an-email");
  await form.getByRole("button", { name: "Create customer" }).click();
  const alert = form.getByRole("alert");
  await alert.waitFor();
  const text = await alert.innerText();
  assert(/Email: not a valid email address/.test(text), `alert says: ${text}`);
  await form.getByLabel("Email").fill("e2e@example.com");
  await form.getByRole("button", { name: "Create customer" }).click();
  await page.getByRole("heading", { name: newName, level: 1 }).waitFor();
  assert(/\/customers\/\d+$/.test(page.url()), `url after create: ${page.url()}`);
  newId = page.url().split("/").pop();
});

await test("Customer 360: log a meeting in three clicks and see it on the timeline", async () => {
  await page.getByRole("region", { name: "Notes" }).getByText("Expectations").waitFor();
  await page.getByLabel("Figures").getByText("Probability alive").waitFor();
  const log = page.getByRole("region", { name: "Log a touch" });
  await log.getByRole("radio", { name: "Meeting" }).click();
  await log.getByLabel("Summary").fill("Kick-off");
  await log.getByRole("button", { name: "Log touch" }).click();
  await page.getByRole("region", { name: "Timeline" }).getByText("Meeting — Kick-off").waitFor();
  const notes = page.getByRole("region", { name: "Notes" });
  await notes.getByRole("button", { name: "Edit notes" }).click();
  await notes.getByLabel("Preferences").fill("Calls after 4 pm, never on Fridays");
  await notes.getByRole("button", { name: "Save notes" }).click();
  await notes.getByText("Calls after 4 pm, never on Fridays").waitFor();
  await shot("05-customer-360");
});

await test("search as you type finds the new customer, the stage filter narrows, no match explains what to do", async () => {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Customers" }).click();
  const search = page.getByLabel("Search customers");
  await search.fill(newName.slice(0, 18));
  await page.getByRole("table", { name: "Customers" }).getByRole("link", { name: newName }).waitFor();
  assert(page.url().includes("q="), `search not in the url: ${page.url()}`);
  await search.fill("");
  await page.getByLabel("Stage", { exact: true }).selectOption("romance");
  await page.waitForFunction(() => {
    const cells = [...document.querySelectorAll('table[aria-label="Customers"] tbody td:nth-child(2)')];
    return cells.length > 0 && cells.every((c) => c.textContent === "Romance");
  });
  await page.getByLabel("Stage", { exact: true }).selectOption("");
  await search.fill("zzzz-nobody-zzzz");
  await page.getByText("No customer matches “zzzz-nobody-zzzz”.").waitFor();
  await shot("06-customers-empty-search");
});

await test("pipeline board: drag contact -> proposal records the skipped stage; a refused move says why and snaps back", async () => {
  assert(newId, "no customer was created");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Pipeline" }).click();
  const contact = page.getByRole("region", { name: "Contact", exact: true });
  const proposal = page.getByRole("region", { name: "Proposal", exact: true });
  const card = contact.locator(`li[data-customer-id="${newId}"]`);
  await card.waitFor();
  await card.dragTo(proposal);
  await page.getByRole("status").filter({ hasText: `${newName} moved to Proposal (recorded: Lead → Proposal)` }).waitFor();
  await proposal.locator(`li[data-customer-id="${newId}"]`).waitFor();
  await shot("07-pipeline");

  // After the first order the relationship does not go back to courting.
  const romance = page.getByRole("region", { name: "Romance", exact: true });
  const loved = romance.locator("li").first();
  const lovedId = await loved.getAttribute("data-customer-id");
  await loved.dragTo(page.getByRole("region", { name: "Lead", exact: true }));
  const alert = page.getByRole("alert");
  await alert.waitFor();
  const text = await alert.innerText();
  assert(/was not moved to Lead: Cannot move from 'romance' to 'lead'/.test(text), `alert says: ${text}`);
  await romance.locator(`li[data-customer-id="${lovedId}"]`).waitFor();
  await shot("08-pipeline-refused");

  // The customer's timeline shows every stage passed.
  await proposal.locator(`li[data-customer-id="${newId}"]`).getByRole("link").click();
  const timeline = page.getByRole("region", { name: "Timeline" });
  await timeline.getByText("Stage Contact → Lead").waitFor();
  await timeline.getByText("Stage Lead → Proposal").waitFor();
});

await test("pipeline board: moving to lost asks for the reason and the competitor", async () => {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Pipeline" }).click();
  const proposal = page.getByRole("region", { name: "Proposal", exact: true });
  await proposal.locator(`li[data-customer-id="${newId}"]`).waitFor();
  await page.getByLabel(`Move ${newName} to`).selectOption("lost");
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Reason").fill("Chose a cheaper tool");
  await dialog.getByLabel("Competitor chosen (if known)").fill("Acme CRM");
  await shot("09-pipeline-lost-dialog");
  await dialog.getByRole("button", { name: "Move to Lost" }).click();
  await page.getByRole("status").filter({ hasText: `${newName} moved to Lost` }).waitFor();
  await page.getByRole("region", { name: "Lost", exact: true }).locator(`li[data-customer-id="${newId}"]`).waitFor();
});

await test("Cases: open a case from the customer, a refused move says why, move it on, resolving asks for the resolution", async () => {
  const session = await (await page.request.get(`${base}/api/v1/auth/session`)).json();
  const mine = await (await page.request.get(`${base}/api/v1/customers?owner_id=${session.user.id}&limit=1&sort=name`)).json();
  const customer = mine.data[0];
  await page.goto(`${base}/customers/${customer.id}`);
  await page.getByRole("heading", { name: customer.name, level: 1 }).waitFor();
  await page.getByRole("link", { name: "Cases: see or open one" }).click();
  await page.getByRole("heading", { name: `Cases of ${customer.name}`, level: 1 }).waitFor();
  const title = `Parcel arrived damaged ${Date.now()}`;
  const form = page.getByRole("form", { name: "Open a case" });
  await form.getByLabel("What went wrong").fill(title);
  await form.getByLabel("Severity").selectOption("high");
  await form.getByRole("button", { name: "Open case" }).click();
  await page.getByRole("status").filter({ hasText: `Case “${title}” opened.` }).waitFor();
  const item = page.getByRole("list", { name: "Cases" }).locator("li").filter({ hasText: title });
  await item.waitFor();
  const text = await item.innerText();
  assert(/Respond: \d+ h( \d+ min)? left/.test(text), `no time left to respond: ${text}`);
  assert(text.includes("never transferred") && text.includes("High") && text.includes("Open"), `case item: ${text}`);

  // The customer's page lists the live case with its deadline.
  await page.getByRole("link", { name: "Back to the customer" }).click();
  const care = page.getByRole("region", { name: "Cases" }).locator("li").filter({ hasText: title });
  await care.getByText(/Respond: \d+ h/).waitFor();
  await shot("10-customer-care");
  await page.getByRole("link", { name: "Cases: see or open one" }).click();
  await item.waitFor();

  // open -> closed is not a move the status machine allows: the reason, in words.
  await item.getByLabel(`Change status of ${title}`).selectOption("closed");
  const alert = page.getByRole("alert").filter({ hasText: "was not moved to closed" });
  await alert.waitFor();
  const why = await alert.innerText();
  assert(/it cannot move to closed \(it can move to in_progress or resolved\)/.test(why), `alert says: ${why}`);
  assert(!why.includes("{"), `alert shows raw JSON: ${why}`);
  await shot("11-cases-refused");

  await item.getByLabel(`Change status of ${title}`).selectOption("in_progress");
  await page.getByRole("status").filter({ hasText: `“${title}” is now in progress.` }).waitFor();
  await item.getByLabel(`Change status of ${title}`).selectOption("resolved");
  const resolve = item.getByRole("form", { name: `Resolve ${title}` });
  await resolve.getByLabel("Resolution (what was done)").fill("Sent a replacement by courier");
  await shot("12-cases-resolve");
  await resolve.getByRole("button", { name: "Resolve" }).click();
  await page.getByRole("status").filter({ hasText: `“${title}” is now resolved.` }).waitFor();
  await item.getByText("Resolution: Sent a replacement by courier").waitFor();

  // The queue and the care figures.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Cases" }).click();
  await page.getByRole("heading", { name: "Cases", level: 1 }).waitFor();
  await page.getByLabel("Status", { exact: true }).selectOption("any");
  await page.getByRole("list", { name: "Cases" }).locator("li").filter({ hasText: title }).waitFor();
  await page.getByRole("table", { name: "Open cases by severity and age" }).waitFor();
  const owners = await page.getByRole("table", { name: "Response and resolution per owner" }).locator("tbody tr").count();
  assert(owners >= 2, `per-owner figures: ${owners} rows`);
  await shot("13-cases-queue-figures");
});

await test("a client route loads directly, and Today stays without the touched customer", async () => {
  const t0 = Date.now();
  await page.goto(`${base}/today`);
  await page.getByRole("list", { name: "Forgotten customers" }).waitFor();
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    return { domContentLoaded: Math.round(nav.domContentLoadedEventEnd), load: Math.round(nav.loadEventEnd) };
  });
  console.log(`  Today interactive in ${Date.now() - t0} ms (DOMContentLoaded ${timing.domContentLoaded} ms)`);
  const names = await page.getByRole("list", { name: "Forgotten customers" }).locator("li strong").allInnerTexts();
  assert(forgottenGone && !names.includes(forgottenGone), `${forgottenGone} is still forgotten`);
});

await test("Economics (a manager): every chart renders with data, with its numbers in a table", async () => {
  // A rep has no Economics in the menu; the address itself says why in words.
  assert(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Economics" }).count() === 0, "a rep sees Economics");
  await page.goto(`${base}/economics`);
  const denied = page.getByRole("alert").first();
  await denied.waitFor();
  const said = await denied.innerText();
  assert(/Only managers and admins see portfolio economics\./.test(said), `a rep is told: ${said}`);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByLabel("Email").fill(MANAGER.email);
  await page.getByLabel("Password").fill(MANAGER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Today", level: 1 }).waitFor();
  // A fresh document (the rep's visit above loaded the Economics chunk into this one).
  await page.goto(`${base}/today`);
  await page.getByRole("heading", { name: "Today", level: 1 }).waitFor();
  const scriptsBefore = await page.evaluate(() => performance.getEntriesByType("resource").map((r) => r.name).filter((n) => n.endsWith(".js")));
  assert(!scriptsBefore.some((n) => /Economics/.test(n)), `Chart.js came with the first load: ${scriptsBefore.join(", ")}`);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Economics" }).click();
  await page.getByRole("heading", { name: "Economics", level: 1 }).waitFor();
  const charts = ["CAC and LTV by source, bar chart", "Customers who broke even by first-order month, stacked bar chart",
    "Value of keeping more customers, bar chart"];
  for (const name of charts) {
    const canvas = page.getByRole("img", { name });
    await canvas.waitFor();
    const box = await canvas.boundingBox();
    assert(box && box.width > 100 && box.height > 100, `${name}: canvas ${JSON.stringify(box)}`);
    // Something was drawn: the canvas is not blank.
    const painted = await canvas.evaluate((c) => {
      const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) n++;
      return n;
    });
    assert(painted > 1000, `${name}: only ${painted} painted pixels`);
  }
  const cells = async (table) => page.getByRole("table", { name: table }).locator("tbody td").allInnerTexts();
  const bySource = await cells("CAC and LTV by source (numbers)");
  assert(bySource.filter((t) => /^\$[\d,]+$/.test(t)).length >= 8, `CAC/LTV table: ${bySource.join(" | ")}`);
  const breakEven = await cells("Break-even by cohort (numbers)");
  assert(breakEven.some((t) => /^\d+$/.test(t) && t !== "0"), `break-even table: ${breakEven.join(" | ")}`);
  const heat = await cells("Cohort retention");
  assert(heat.filter((t) => /^\d+%$/.test(t)).length > 20, `heatmap: ${heat.length} cells`);
  const colours = await page.getByRole("table", { name: "Cohort retention" }).locator("tbody td[style]").evaluateAll(
    (tds) => new Set(tds.map((td) => td.style.backgroundColor)).size);
  assert(colours > 3, `heatmap uses ${colours} colours`);
  const whatIf = await cells("What-if (numbers)");
  assert(whatIf.some((t) => /^\$[1-9][\d,]*$/.test(t)), `what-if table: ${whatIf.join(" | ")}`);
  await page.getByText(/Keeping 5% more of the/).waitFor();
  await shot("14-economics");
});

// --- settings, customer tabs, list (h8)
await test("Settings (a manager): cadence rules listed, a 422 named next to its field, a setting saved and restored", async () => {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
  const rules = page.getByRole("table", { name: "Cadence rules" });
  await rules.getByRole("cell", { name: "Romance: a personal touch at least every 45 days", exact: true }).waitFor();
  assert(await rules.locator("tbody tr").count() >= 3, "fewer than 3 cadence rules listed");
  await rules.getByText("Personal touch at least every 45 days").first().waitFor();
  // A manager has no Users or API tokens section (admins only).
  assert(await page.getByRole("region", { name: "Users" }).count() === 0, "a manager sees Users");

  // A bad rule: the server's reason stands next to the field, not as JSON.
  const section = page.getByRole("region", { name: "Cadence rules" });
  await section.getByRole("button", { name: "New rule" }).click();
  const form = page.getByRole("form", { name: "New cadence rule" });
  await form.getByLabel("Name", { exact: true }).fill("E2E rule");
  await form.getByLabel("Days", { exact: true }).fill("0");
  await form.getByRole("button", { name: "Add rule" }).click();
  await form.getByText("must be a whole number of days from 1 to 3650").waitFor();
  const said = await form.getByRole("alert").innerText();
  assert(/Please check the field marked below\./.test(said) && !said.includes("{"), `alert says: ${said}`);
  await shot("15-settings-cadence-422");
  await form.getByRole("button", { name: "Cancel" }).click();

  // Change the renewal notice period, see it saved and still there after a reload, then restore it.
  const renewals = page.getByRole("region", { name: "Renewals" });
  const days = renewals.getByLabel("Renewal notice (days)");
  const before = await days.inputValue();
  assert(/^\d+$/.test(before), `renewal notice: ${before}`);
  const changed = before === "45" ? "40" : "45";
  await days.fill(changed);
  await renewals.getByRole("button", { name: "Save" }).click();
  await renewals.getByRole("status").filter({ hasText: "Saved." }).waitFor();
  await page.reload();
  await page.getByRole("region", { name: "Renewals" }).getByLabel("Renewal notice (days)").waitFor();
  const after = await page.getByRole("region", { name: "Renewals" }).getByLabel("Renewal notice (days)").inputValue();
  assert(after === changed, `after reload: ${after}, saved ${changed}`);
  const api = await (await page.request.get(`${base}/api/v1/renewals/settings`)).json();
  assert(String(api.renewal_notice_days) === changed, `API says ${JSON.stringify(api)}`);
  await shot("16-settings");
  await page.getByRole("region", { name: "Renewals" }).getByLabel("Renewal notice (days)").fill(before);
  await page.getByRole("region", { name: "Renewals" }).getByRole("button", { name: "Save" }).click();
  await page.getByRole("region", { name: "Renewals" }).getByRole("status").filter({ hasText: "Saved." }).waitFor();
  const restored = await (await page.request.get(`${base}/api/v1/renewals/settings`)).json();
  assert(String(restored.renewal_notice_days) === before, `not restored: ${JSON.stringify(restored)}`);
});

await test("Customer 360 tabs: a customer with a won deal shows the deal and its order", async () => {
  const won = await (await page.request.get(`${base}/api/v1/deals?stage=won&limit=1`)).json();
  assert(won.data?.length === 1, `no won deal in the demo: ${JSON.stringify(won).slice(0, 200)}`);
  const deal = won.data[0];
  const orders = await (await page.request.get(`${base}/api/v1/orders?customer_id=${deal.customer_id}&limit=100`)).json();
  assert(orders.data.length > 0, "the customer of a won deal has no order");
  await page.goto(`${base}/customers/${deal.customer_id}`);
  const records = page.getByRole("region", { name: "Records" });
  await records.getByRole("tab", { name: "Tasks" }).waitFor();
  await records.getByRole("tab", { name: "Deals" }).click();
  const deals = records.getByRole("table", { name: "Deals of this customer" });
  await deals.getByRole("cell", { name: deal.title }).waitFor();
  await deals.getByRole("cell", { name: "Won" }).first().waitFor();
  await records.getByRole("tab", { name: "Orders" }).click();
  const rows = records.getByRole("table", { name: "Orders of this customer" }).locator("tbody tr");
  await rows.first().waitFor();
  const shown = await rows.count();
  assert(shown === Math.min(orders.data.length, 10), `orders shown ${shown}, API has ${orders.data.length}`);
  assert(/\$[\d,]+/.test(await rows.first().innerText()), "an order row without an amount");
  await shot("17-customer-tabs");
  await records.getByRole("tab", { name: "Referrals" }).click();
  await records.getByText(/Referred by|Nobody referred/).waitFor();
});

await test("Customers list: filter by stage, sort by a column header", async () => {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Customers" }).click();
  const table = page.getByRole("table", { name: "Customers" });
  await table.waitFor();
  await page.getByLabel("Stage", { exact: true }).selectOption("order");
  await page.waitForFunction(() => {
    const cells = [...document.querySelectorAll('table[aria-label="Customers"] tbody td:nth-child(2)')];
    return cells.length > 0 && cells.every((c) => c.textContent === "Order");
  });
  assert(page.url().includes("stage=order"), `stage not in the url: ${page.url()}`);
  await table.getByRole("button", { name: "Name" }).click();
  await page.waitForFunction(() => location.search.includes("sort=name"));
  await table.locator('th[aria-sort="ascending"]').waitFor();
  await page.waitForFunction(() => {
    const names = [...document.querySelectorAll('table[aria-label="Customers"] tbody td:first-child a')].map((a) => a.textContent);
    const stages = [...document.querySelectorAll('table[aria-label="Customers"] tbody td:nth-child(2)')].map((c) => c.textContent);
    return names.length > 1 && stages.every((s) => s === "Order") && names.every((n, i) => i === 0 || names[i - 1].localeCompare(n) <= 0);
  });
  await shot("18-customers-filtered-sorted");
});

await test("Customers list: bulk reassign two customers to a new owner", async () => {
  const table = page.getByRole("table", { name: "Customers" });
  const rows = table.locator("tbody tr");
  const ids = [await rows.nth(0).getAttribute("data-customer-id"), await rows.nth(1).getAttribute("data-customer-id")];
  const names = [await rows.nth(0).locator("a").innerText(), await rows.nth(1).locator("a").innerText()];
  await table.getByLabel(`Select ${names[0]}`).check();
  await table.getByLabel(`Select ${names[1]}`).check();
  const bar = page.getByRole("region", { name: "Reassign selected customers" });
  await bar.getByText("2 selected").waitFor();
  await bar.getByLabel("New owner").selectOption({ label: "Alex Admin (admin)" });
  await bar.getByRole("button", { name: "Reassign…" }).click();
  await bar.getByText("Give 2 customers to Alex Admin?").waitFor();
  await shot("19-customers-bulk-reassign");
  await bar.getByRole("button", { name: "Reassign 2" }).click();
  await page.getByRole("status").filter({ hasText: "2 customers reassigned to Alex Admin." }).waitFor();
  for (const id of ids) {
    await table.locator(`tr[data-customer-id="${id}"] td.owner`).filter({ hasText: "Alex Admin" }).waitFor();
    const c = await (await page.request.get(`${base}/api/v1/customers/${id}`)).json();
    assert(c.owner_id === "1", `customer ${id} owner ${c.owner_id}`);
  }
});

await test("Settings (an admin): add a user, change a role, create an API token shown once, revoke it", async () => {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByLabel("Email").fill("admin@rapport.demo");
  await page.getByLabel("Password").fill(MANAGER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Today", level: 1 }).waitFor();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  const users = page.getByRole("region", { name: "Users" });
  await users.getByRole("table", { name: "Users" }).getByRole("cell", { name: "Maria Manager" }).waitFor();

  // A new user without a password gets a one-time link; a taken email is explained next to the field.
  await users.getByRole("button", { name: "Add user" }).click();
  const add = users.getByRole("form", { name: "Add user" });
  await add.getByLabel("Name").fill("Erin E2E");
  await add.getByLabel("Email").fill("maria.manager@rapport.demo");
  await add.getByRole("button", { name: "Add user" }).click();
  const refused = await add.getByRole("alert").innerText();
  assert(!refused.includes("{") && refused.length > 5, `alert says: ${refused}`);
  const email = `erin.${Date.now()}@example.com`;
  await add.getByLabel("Email").fill(email);
  await add.getByRole("button", { name: "Add user" }).click();
  await users.getByRole("status").filter({ hasText: "Erin E2E added as rep." }).waitFor();
  const link = (await users.locator(".secret").innerText()).trim();
  assert(link.startsWith(`${base}/reset-password?token=`), `reset link: ${link}`);
  await users.getByRole("table", { name: "Users" }).getByRole("cell", { name: email }).waitFor();
  // The link works for the new user: a password set there signs in.
  const other = await context.newPage();
  await other.goto(link);
  await other.getByLabel("New password (at least 10 characters)").fill("e2e-Erin-password-2026");
  await other.getByLabel("The same again").fill("e2e-Erin-password-2026");
  await other.getByRole("button", { name: "Set password" }).click();
  await other.getByRole("status").filter({ hasText: "Your password is set." }).waitFor();
  await other.close();
  const login = await fetch(`${base}/api/v1/auth/login`, { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password: "e2e-Erin-password-2026" }) });
  assert(login.status === 200, `the new user cannot sign in: ${login.status}`);
  await users.getByLabel("Role of Erin E2E").selectOption("manager");
  await users.getByRole("status").filter({ hasText: "Erin E2E is now manager." }).waitFor();

  const tokens = page.getByRole("region", { name: "API tokens" });
  await tokens.getByLabel("Name").fill("E2E integration");
  await tokens.getByRole("button", { name: "Create token" }).click();
  const secret = (await tokens.getByLabel("New token secret").innerText()).trim();
  assert(secret.length >= 20, `secret: ${secret}`);
  const who = await fetch(`${base}/api/v1/auth/session`, { headers: { Authorization: `Bearer ${secret}` } });
  assert(who.status === 200, `the new token does not work: ${who.status}`);
  await shot("20-settings-admin");
  await tokens.getByRole("button", { name: "I have copied it" }).click();
  assert(await tokens.getByLabel("New token secret").count() === 0, "the secret is still shown");
  const row = tokens.getByRole("table", { name: "API tokens" }).locator("tr").filter({ hasText: "E2E integration" });
  await row.getByRole("button", { name: "Revoke E2E integration" }).click();
  await row.getByRole("button", { name: "Revoke", exact: true }).click();
  await tokens.getByRole("status").filter({ hasText: "Token “E2E integration” revoked" }).waitFor();
  await row.getByText(/^Revoked/).waitFor();
  const after = await fetch(`${base}/api/v1/auth/session`, { headers: { Authorization: `Bearer ${secret}` } });
  assert(after.status === 401, `a revoked token still works: ${after.status}`);
});

// --- board counts and economics charts (h9)
await test("board columns show the server's counts; Economics draws the funnel and the probability-alive histogram", async () => {
  // Signed in as the manager (the test before): every customer of the demo is in view.
  const counts = await page.evaluate(async () => (await (await fetch("/api/v1/customers/stage-counts")).json()));
  assert(counts.data.length === 8 && counts.total > 0, `stage-counts: ${JSON.stringify(counts)}`);
  await page.goto(`${base}/pipeline`);
  await page.getByRole("heading", { name: "Pipeline", level: 1 }).waitFor();
  for (const row of counts.data) {
    const header = page.locator(`section.column[data-stage="${row.stage}"] h2 .count`);
    await header.filter({ hasText: /^[\d,]+$/ }).waitFor();
    const shown = Number((await header.innerText()).replace(/,/g, ""));
    assert(shown === row.count, `${row.stage}: header ${shown}, server ${row.count}`);
  }
  // A filter narrows the counts: a tag nobody has empties every column.
  await page.getByLabel("Tag").fill("no-such-tag-h9");
  await page.getByLabel("Tag").press("Enter");
  await page.locator(`section.column[data-stage="contact"] h2 .count`).filter({ hasText: /^0$/ }).waitFor();
  await page.getByLabel("Tag").fill("");
  await page.getByLabel("Tag").press("Enter");
  // Cards carry their value: the demo's Romance customers have bought (the e2e database is scored).
  await page.locator(`section.column[data-stage="romance"] li .card-value`).filter({ hasText: /bought$/ }).first().waitFor();
  await shot("15-board-counts");
  await page.goto(`${base}/economics`);
  await page.getByRole("heading", { name: "Economics", level: 1 }).waitFor();
  for (const name of ["Customers reaching each lifecycle stage, bar chart", "Probability alive distribution, histogram"]) {
    const canvas = page.getByRole("img", { name });
    await canvas.waitFor();
    const painted = await canvas.evaluate((c) => {
      const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) n++;
      return n;
    });
    assert(painted > 1000, `${name}: only ${painted} painted pixels`);
  }
  const funnel = await page.getByRole("table", { name: "Lifecycle funnel (numbers)" }).locator("tbody tr").allInnerTexts();
  assert(funnel.length === 6 && /^Contact\s+[1-9]/.test(funnel[0]), `funnel table: ${funnel.join(" | ")}`);
  assert(funnel.some((t) => /\d+\.\d%/.test(t)), `no conversion rate: ${funnel.join(" | ")}`);
  const bins = await page.getByRole("table", { name: "Probability alive (numbers)" }).locator("tbody td").allInnerTexts();
  assert(bins.length === 10 && bins.some((t) => Number(t) > 0), `p-alive table: ${bins.join(" | ")}`);
  await shot("16-economics-funnel");
});

await test("no script errors or policy violations in the browser", async () => {
  assert(pageErrors.length === 0, pageErrors.join("\n"));
});

await context.close();
server.kill("SIGTERM");
await new Promise((r) => (server.exitCode !== null ? r() : server.once("exit", r)));
try {
  copyFileSync(logPath, path.join(ARTIFACTS, "server.log"));
} catch {
  // the log is a convenience
}
const failed = results.filter((r) => !r.ok).length;
const passed = results.length - failed;
if (failed === 0) rmSync(tmp, { recursive: true, force: true });
else console.log(`web e2e: kept ${tmp} (database, server log, browser profile)`);
console.log(`web e2e: screenshots in ${ARTIFACTS}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
