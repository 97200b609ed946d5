// Issue 9's figures in a real browser, against a running server on a large database (bench/web.sh
// starts it): Today and Customer 360 "interactive" — their data rendered, handlers attached —
// measured from the navigation's start with the Performance API (performance.now() in the page,
// whose origin is the navigation), and the board's drag-to-saved: from the drop event to the
// confirmation that the server stored the move. Prints one JSON object on stdout.
//
//   RAPPORT_BASE=http://127.0.0.1:18490 node web/e2e/perf.mjs
//
// Environment: RAPPORT_BASE (required), RAPPORT_EMAIL / RAPPORT_PASSWORD (default the demo rep
// rita.rep@rapport.demo / rapport-demo), RAPPORT_CHROMIUM (default /usr/bin/chromium), RUNS
// (default 5 of each), RAPPORT_E2E_ARTIFACTS (screenshots; default a temporary directory).
import { mkdirSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const BASE = process.env.RAPPORT_BASE;
const EMAIL = process.env.RAPPORT_EMAIL || "rita.rep@rapport.demo";
const PASSWORD = process.env.RAPPORT_PASSWORD || "rapport-demo";
const CHROMIUM = process.env.RAPPORT_CHROMIUM || "/usr/bin/chromium";
const RUNS = Number(process.env.RUNS || 5);
const ARTIFACTS = process.env.RAPPORT_E2E_ARTIFACTS || mkdtempSync(path.join(os.tmpdir(), "rapport-perf-"));
if (!BASE) {
  console.error("web perf: RAPPORT_BASE must name the running server, e.g. http://127.0.0.1:18490");
  process.exit(2);
}
mkdirSync(ARTIFACTS, { recursive: true });

const profile = mkdtempSync(path.join(os.tmpdir(), "rapport-perf-profile-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  viewport: { width: 1280, height: 900 },
});
const page = context.pages()[0] ?? (await context.newPage());
page.setDefaultTimeout(60_000);

function summary(values) {
  const s = [...values].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { runs: s.length, min_ms: Math.round(s[0]), median_ms: Math.round(at(0.5)), max_ms: Math.round(s[s.length - 1]) };
}

// Navigates to `url` afresh and returns performance.now() when `ready` (run in the page on every
// animation frame) first holds: the time from the navigation's start to the rendered screen.
async function timeScreen(url, ready) {
  await page.goto(url, { waitUntil: "commit" });
  const handle = await page.waitForFunction(ready, null, { polling: "raf", timeout: 60_000 });
  return handle.jsonValue();
}

const result = { base: BASE, user: EMAIL, runs: RUNS, at: new Date().toISOString() };
try {
  await page.goto(`${BASE}/sign-in`);
  await page.getByLabel("Email").fill(EMAIL);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Today", level: 1 }).waitFor();

  const today = [];
  for (let i = 0; i < RUNS; i++) {
    today.push(
      await timeScreen(`${BASE}/today`, () =>
        document.querySelector('ul[aria-label="Forgotten customers"] li') && document.querySelector('ul[aria-label="Tasks"]')
          ? performance.now()
          : null,
      ),
    );
  }
  await page.screenshot({ path: path.join(ARTIFACTS, "perf-today.png") });
  result.today = summary(today);

  // Customer 360 of different forgotten customers (no help from a warm cache for one customer).
  const ids = await page.$$eval('ul[aria-label="Forgotten customers"] li', (lis) => lis.map((li) => li.dataset.customerId));
  const c360 = [];
  for (let i = 0; i < RUNS; i++) {
    c360.push(
      await timeScreen(`${BASE}/customers/${ids[i % ids.length]}`, () =>
        document.querySelector("h1") &&
        document.querySelector('[aria-label="Timeline"] ol.timeline li, [aria-label="Timeline"] .empty') &&
        document.querySelector('[aria-label="Figures"]')?.textContent?.includes("Probability alive")
          ? performance.now()
          : null,
      ),
    );
  }
  await page.screenshot({ path: path.join(ARTIFACTS, "perf-customer-360.png") });
  result.customer_360 = summary(c360);

  // Board: move the first card of Contact to Lead, RUNS times; drop -> "moved" status.
  await page.goto(`${BASE}/pipeline`);
  const contact = page.getByRole("region", { name: "Contact", exact: true });
  const lead = page.getByRole("region", { name: "Lead", exact: true });
  await contact.locator("li[data-customer-id]").first().waitFor();
  await page.evaluate(() => {
    window.__drops = [];
    document.addEventListener("drop", () => window.__drops.push(performance.now()), true);
  });
  const drags = [];
  const server = [];
  for (let i = 0; i < RUNS; i++) {
    const card = contact.locator("li[data-customer-id]").first();
    const name = await card.locator("a").first().innerText();
    // Each move is timed alone, as a person makes them: the board has reloaded the two columns and
    // the counts of the previous move before the next drag starts.
    const settled = page.waitForResponse((r) => r.url().includes("/customers/stage-counts"));
    await card.dragTo(lead);
    const saved = await page.waitForFunction(
      (n) => {
        const s = [...document.querySelectorAll('[role="status"]')].find((e) => e.textContent?.includes(`${n} moved to Lead`));
        return s ? performance.now() : null;
      },
      name,
      { polling: "raf" },
    );
    const [drop, stage] = await page.evaluate(() => {
      const posts = performance.getEntriesByType("resource").filter((e) => /\/customers\/\d+\/stage$/.test(e.name));
      return [window.__drops[window.__drops.length - 1], posts.length ? posts[posts.length - 1].duration : null];
    });
    drags.push((await saved.jsonValue()) - drop);
    if (stage !== null) server.push(stage);
    await lead.locator(`li[data-customer-id]`).filter({ hasText: name }).first().waitFor();
    await settled;
    await page.waitForTimeout(300);
  }
  await page.screenshot({ path: path.join(ARTIFACTS, "perf-board.png") });
  result.board_drag_to_saved = summary(drags);
  if (server.length) result.board_stage_request = summary(server);
} catch (err) {
  result.error = String(err?.message ?? err);
  await page.screenshot({ path: path.join(ARTIFACTS, "perf-error.png") }).catch(() => {});
}
await context.close();
console.log(JSON.stringify(result));
process.exit(result.error ? 1 : 0);
