// Economics (managers and admins): the lifecycle funnel with conversion rates, the
// probability-alive distribution, CAC against LTV by source, break-even by cohort, the cohort
// retention heatmap and what keeping more customers is worth. Each chart has its numbers in a
// table below it (and on hover). Chart.js comes with this screen only (a lazy chunk), so the first
// load stays small (only the bar chart parts are registered). A figure the API cannot give yet is null with a reason, shown in words.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration } from "chart.js";
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api";
import { Empty, ErrorNote } from "../components/ErrorNote";
import { heatColour, heatMax, percent, ratio, reasonsInWords, sourceLabel, WHAT_IF_UPLIFTS, type Reasons } from "../econ";
import { money, stageLabel } from "../format";
import { binLabel, days, funnelIsEmpty, likelyAlive, overallConversion, period, type FunnelReport, type PAlive } from "../funnel";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

interface Figures {
  customers: number; customers_with_cost: number; cac_cents: number | null; ltv_cents: number | null;
  ltv_to_cac: number | null; median_months_to_break_even: number | null; broke_even: number; not_yet_broke_even: number;
  reasons: Reasons;
}
interface Summary {
  currency: string; overall: Figures; by_source: (Figures & { source: string | null })[];
  by_cohort: (Figures & { cohort: string })[]; reasons: Reasons;
}
interface Cohorts { currency: string; cohorts: { cohort: string; customers: number; margin_cents: number; retention: number[] }[]; reasons: Reasons }
interface WhatIf {
  currency: string; retention_uplift: number; horizon_months: number; customers_expected_lost: number | null;
  customers_kept: number | null; value_cents: number | null; assumptions: string[]; reasons: Reasons;
}

const GREEN = "#1f7a55";
const AMBER = "#d08a1f";

function ChartCanvas(props: { config: ChartConfiguration; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = new Chart(ref.current, props.config);
    return () => chart.destroy();
  }, [props.config]);
  return <div class="chart"><canvas ref={ref} role="img" aria-label={props.label} /></div>;
}

function Reasons(props: { reasons: Reasons | null | undefined }) {
  const lines = reasonsInWords(props.reasons);
  if (lines.length === 0) return null;
  return <ul class="reasons muted small">{lines.map((l) => <li>{l}</li>)}</ul>;
}

export default function Economics() {
  const [summary, setSummary] = useState<Summary | null>(null);
  const [cohorts, setCohorts] = useState<Cohorts | null>(null);
  const [whatIf, setWhatIf] = useState<WhatIf[] | null>(null);
  const [funnel, setFunnel] = useState<FunnelReport | null>(null);
  const [pAlive, setPAlive] = useState<PAlive | null>(null);
  const [errors, setErrors] = useState<{ summary?: unknown; cohorts?: unknown; whatIf?: unknown; funnel?: unknown; pAlive?: unknown }>({});

  const load = () => {
    setErrors({});
    api.get<Summary>("/economics/summary").then(setSummary, (e) => setErrors((x) => ({ ...x, summary: e })));
    api.get<FunnelReport>("/economics/funnel").then(setFunnel, (e) => setErrors((x) => ({ ...x, funnel: e })));
    api.get<PAlive>("/economics/p-alive").then(setPAlive, (e) => setErrors((x) => ({ ...x, pAlive: e })));
    api.get<Cohorts>("/economics/cohorts").then(setCohorts, (e) => setErrors((x) => ({ ...x, cohorts: e })));
    Promise.all(WHAT_IF_UPLIFTS.map((u) => api.get<WhatIf>("/economics/what-if", { retention_uplift: u }))).then(
      setWhatIf, (e) => setErrors((x) => ({ ...x, whatIf: e })));
  };
  useEffect(load, []);

  return (
    <section class="economics">
      <h1>Economics</h1>
      {summary && <Overall s={summary} />}
      <section class="card" aria-label="Lifecycle funnel">
        <h2>Lifecycle funnel</h2>
        <ErrorNote error={errors.funnel} onRetry={load} />
        {!funnel && !errors.funnel && <p class="muted" aria-busy="true">Loading…</p>}
        {funnel && <FunnelView f={funnel} />}
      </section>
      <section class="card" aria-label="Probability alive">
        <h2>Probability alive</h2>
        <ErrorNote error={errors.pAlive} onRetry={load} />
        {!pAlive && !errors.pAlive && <p class="muted" aria-busy="true">Loading…</p>}
        {pAlive && <PAliveView p={pAlive} />}
      </section>
      <section class="card" aria-label="CAC and LTV by source">
        <h2>CAC and LTV by source</h2>
        <ErrorNote error={errors.summary} onRetry={load} />
        {!summary && !errors.summary && <p class="muted" aria-busy="true">Loading…</p>}
        {summary && <BySource s={summary} />}
      </section>
      <section class="card" aria-label="Break-even by cohort">
        <h2>Break-even by first-order month</h2>
        <ErrorNote error={errors.summary} onRetry={load} />
        {summary && <BreakEven s={summary} />}
      </section>
      <section class="card" aria-label="Cohort retention">
        <h2>Cohort retention</h2>
        <ErrorNote error={errors.cohorts} onRetry={load} />
        {!cohorts && !errors.cohorts && <p class="muted" aria-busy="true">Loading…</p>}
        {cohorts && <Heatmap c={cohorts} />}
      </section>
      <section class="card" aria-label="What if we kept more customers">
        <h2>What if we kept more customers?</h2>
        <ErrorNote error={errors.whatIf} onRetry={load} />
        {!whatIf && !errors.whatIf && <p class="muted" aria-busy="true">Loading…</p>}
        {whatIf && <WhatIfView w={whatIf} />}
      </section>
    </section>
  );
}

function Overall(props: { s: Summary }) {
  const o = props.s.overall;
  const c = props.s.currency;
  return (
    <>
      <div class="figures" aria-label="Portfolio">
        <div class="figure"><span class="label">Customers</span><strong>{o.customers}</strong></div>
        <div class="figure"><span class="label">CAC</span><strong>{money(o.cac_cents, c)}</strong></div>
        <div class="figure"><span class="label">LTV</span><strong>{money(o.ltv_cents, c)}</strong></div>
        <div class="figure"><span class="label">LTV:CAC</span><strong>{ratio(o.ltv_to_cac)}</strong></div>
        <div class="figure"><span class="label">Median months to break even</span><strong>{o.median_months_to_break_even ?? "–"}</strong></div>
        <div class="figure"><span class="label">Broke even</span><strong>{o.broke_even} of {o.broke_even + o.not_yet_broke_even}</strong></div>
      </div>
      <Reasons reasons={{ ...props.s.reasons, ...o.reasons }} />
    </>
  );
}

export function BySource(props: { s: Summary }) {
  const { s } = props;
  const rows = s.by_source;
  const [config] = useState<ChartConfiguration>(() => ({
    type: "bar",
    data: {
      labels: rows.map((r) => sourceLabel(r.source)),
      datasets: [
        { label: "CAC", data: rows.map((r) => (r.cac_cents ?? 0) / 100), backgroundColor: AMBER },
        { label: "LTV", data: rows.map((r) => (r.ltv_cents ?? 0) / 100), backgroundColor: GREEN },
      ],
    },
    options: {
      animation: false, maintainAspectRatio: false,
      plugins: { tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${money(Math.round((ctx.parsed.y as number) * 100), s.currency)}` } } },
      scales: { y: { beginAtZero: true, title: { display: true, text: s.currency } } },
    },
  }));
  if (rows.length === 0) return <Empty title="No customers with a source yet.">Record where customers come from and enter acquisition spend to compare sources.</Empty>;
  const noValues = rows.every((r) => r.ltv_cents === null && r.cac_cents === null);
  return (
    <>
      {noValues ? <Reasons reasons={rows[0].reasons} /> : <ChartCanvas config={config} label="CAC and LTV by source, bar chart" />}
      <table class="table" aria-label="CAC and LTV by source (numbers)">
        <thead><tr><th>Source</th><th>Customers</th><th>CAC</th><th>LTV</th><th>LTV:CAC</th><th>Median months to break even</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr title={reasonsInWords(r.reasons).join(" ")}>
              <th scope="row">{sourceLabel(r.source)}</th><td>{r.customers}</td><td>{money(r.cac_cents, s.currency)}</td>
              <td>{money(r.ltv_cents, s.currency)}</td><td>{ratio(r.ltv_to_cac)}</td><td>{r.median_months_to_break_even ?? "–"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function BreakEven(props: { s: Summary }) {
  const rows = props.s.by_cohort;
  const [config] = useState<ChartConfiguration>(() => ({
    type: "bar",
    data: {
      labels: rows.map((r) => r.cohort),
      datasets: [
        { label: "Broke even", data: rows.map((r) => r.broke_even), backgroundColor: GREEN, stack: "c" },
        { label: "Not yet", data: rows.map((r) => r.not_yet_broke_even), backgroundColor: "#c9d6cf", stack: "c" },
      ],
    },
    options: {
      animation: false, maintainAspectRatio: false,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: "Customers" } } },
    },
  }));
  if (rows.length === 0) return <Empty title="No first orders yet.">Break-even starts with a customer's first order.</Empty>;
  return (
    <>
      <ChartCanvas config={config} label="Customers who broke even by first-order month, stacked bar chart" />
      <table class="table" aria-label="Break-even by cohort (numbers)">
        <thead><tr><th>First order</th><th>Customers</th><th>Broke even</th><th>Not yet</th><th>Median months</th><th>LTV:CAC</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr title={reasonsInWords(r.reasons).join(" ")}>
              <th scope="row">{r.cohort}</th><td>{r.customers}</td><td>{r.broke_even}</td><td>{r.not_yet_broke_even}</td>
              <td>{r.median_months_to_break_even ?? "–"}</td><td>{ratio(r.ltv_to_cac)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function Heatmap(props: { c: Cohorts }) {
  const rows = props.c.cohorts;
  if (rows.length === 0) {
    return (
      <Empty title="No cohorts yet.">
        Retention appears once customers have ordered. {reasonsInWords(props.c.reasons).join(" ")}
      </Empty>
    );
  }
  const months = Math.max(...rows.map((r) => r.retention.length));
  const max = heatMax(rows);
  return (
    <div class="heatmap-wrap">
      <p class="muted small">Share of each first-order month's customers buying again N months later (month 0 is 100%). Darker is more; the darkest is {percent(max)}.</p>
      <table class="table heatmap" aria-label="Cohort retention">
        <thead><tr><th>Cohort</th><th>Customers</th>{Array.from({ length: months }, (_, i) => <th>{i}</th>)}</tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <th scope="row">{r.cohort}</th><td>{r.customers}</td>
              {Array.from({ length: months }, (_, i) => {
                const v = r.retention[i];
                if (v === undefined) return <td class="blank" />;
                const style = i === 0 ? heatColour(0) : heatColour(v, max);
                return <td style={style} title={`${r.cohort}, month ${i}: ${percent(v, 1)}`}>{percent(v)}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <Reasons reasons={props.c.reasons} />
    </div>
  );
}

export function WhatIfView(props: { w: WhatIf[] }) {
  const ws = props.w;
  const currency = ws[0]?.currency ?? "USD";
  const [config] = useState<ChartConfiguration>(() => ({
    type: "bar",
    data: {
      labels: ws.map((w) => `+${percent(w.retention_uplift)}`),
      datasets: [{
        label: `Margin over ${ws[0]?.horizon_months ?? 12} months`, data: ws.map((w) => (w.value_cents ?? 0) / 100),
        backgroundColor: ws.map((w) => (Math.abs(w.retention_uplift - 0.05) < 1e-9 ? GREEN : "#8fb9a5")),
      }],
    },
    options: {
      animation: false, maintainAspectRatio: false,
      plugins: { tooltip: { callbacks: { label: (ctx) => `${money(Math.round((ctx.parsed.y as number) * 100), currency)}` } } },
      scales: { x: { title: { display: true, text: "Share of the customers who would be lost, kept" } }, y: { beginAtZero: true, title: { display: true, text: currency } } },
    },
  }));
  const five = ws.find((w) => Math.abs(w.retention_uplift - 0.05) < 1e-9) ?? ws[0];
  if (!five || five.value_cents === null) {
    return <Empty title="The what-if needs a fitted model.">{reasonsInWords(five?.reasons).join(" ") || "Run the scoring (rapport score) once customers have bought."}</Empty>;
  }
  return (
    <>
      <p>
        Keeping <strong>5%</strong> more of the {five.customers_expected_lost?.toFixed(1)} customers expected to be lost
        ({five.customers_kept?.toFixed(1)} customers) is worth <strong>{money(five.value_cents, currency)}</strong> in margin over {five.horizon_months} months.
      </p>
      <ChartCanvas config={config} label="Value of keeping more customers, bar chart" />
      <table class="table" aria-label="What-if (numbers)">
        <thead><tr><th>Kept</th><th>Customers kept</th><th>Margin</th></tr></thead>
        <tbody>
          {ws.map((w) => (
            <tr><th scope="row">+{percent(w.retention_uplift)}</th><td>{w.customers_kept?.toFixed(1) ?? "–"}</td><td>{money(w.value_cents, currency)}</td></tr>
          ))}
        </tbody>
      </table>
      <details><summary>Assumptions</summary><ul>{five.assumptions.map((a) => <li>{a}</li>)}</ul></details>
    </>
  );
}

export function FunnelView(props: { f: FunnelReport }) {
  const { f } = props;
  const [config] = useState<ChartConfiguration>(() => ({
    type: "bar",
    data: {
      labels: f.stages.map((s) => stageLabel(s.stage)),
      datasets: [{ label: "Customers who reached the stage", data: f.stages.map((s) => s.reached), backgroundColor: GREEN }],
    },
    options: {
      animation: false, maintainAspectRatio: false,
      plugins: {
        tooltip: {
          callbacks: {
            label: (ctx) => {
              const s = f.stages[ctx.dataIndex];
              return `${s.reached} customers${s.conversion === null ? "" : `, ${percent(s.conversion, 1)} of the stage before`}`;
            },
          },
        },
      },
      scales: { y: { beginAtZero: true, title: { display: true, text: "Customers" } } },
    },
  }));
  if (funnelIsEmpty(f)) {
    return (
      <Empty title={`Nobody entered the lifecycle from ${period(f)}.`}>
        Add customers and move them through the stages on the Pipeline board; the funnel counts every stage they reach.
      </Empty>
    );
  }
  return (
    <>
      <p class="muted small">
        Customers who reached each stage from {period(f)}; {percent(overallConversion(f), 1)} of the contacts reached romance.
      </p>
      <ChartCanvas config={config} label="Customers reaching each lifecycle stage, bar chart" />
      <table class="table" aria-label="Lifecycle funnel (numbers)">
        <thead><tr><th>Stage</th><th>Reached</th><th>Conversion from the stage before</th><th>Median time in stage</th></tr></thead>
        <tbody>
          {f.stages.map((s) => (
            <tr>
              <th scope="row">{stageLabel(s.stage)}</th><td>{s.reached}</td><td>{percent(s.conversion, 1)}</td>
              <td>{days(s.median_days_in_stage)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Reasons reasons={f.reasons} />
    </>
  );
}

export function PAliveView(props: { p: PAlive }) {
  const { p } = props;
  const [config] = useState<ChartConfiguration>(() => ({
    type: "bar",
    data: {
      labels: p.bins.map(binLabel),
      datasets: [{
        label: "Customers", data: p.bins.map((b) => b.count),
        backgroundColor: p.bins.map((b) => (b.from >= 0.5 - 1e-9 ? GREEN : AMBER)),
      }],
    },
    options: {
      animation: false, maintainAspectRatio: false,
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: (ctx) => `${ctx.parsed.y} customers` } } },
      scales: {
        x: { title: { display: true, text: "Probability the customer is still buying" } },
        y: { beginAtZero: true, title: { display: true, text: "Customers" } },
      },
    },
  }));
  if (p.scored === 0) {
    return (
      <Empty title="No probability alive yet.">
        {reasonsInWords(p.reasons).join(" ") || "It needs orders and a scoring run (rapport score, or the nightly job)."}
      </Empty>
    );
  }
  return (
    <>
      <p class="muted small">
        {p.scored} customers scored ({percent(likelyAlive(p))} likely still buying); {p.unscored} not scored (no orders yet or new since the run).
        {p.model && ` Model ${p.model}, run ${p.version}${p.fitted_at ? `, fitted ${p.fitted_at.slice(0, 10)}` : ""}.`}
      </p>
      <ChartCanvas config={config} label="Probability alive distribution, histogram" />
      <table class="table" aria-label="Probability alive (numbers)">
        <thead><tr><th>Probability alive</th><th>Customers</th></tr></thead>
        <tbody>
          {p.bins.map((b) => <tr><th scope="row">{binLabel(b)}</th><td>{b.count}</td></tr>)}
        </tbody>
      </table>
      <Reasons reasons={p.reasons} />
    </>
  );
}
