// The care dashboard (GET /cases/figures) as tables: open cases by severity and age, first
// response and resolution times per owner (median and p90), breaches, and how often cases changed
// hands.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api";
import { ErrorNote } from "../components/ErrorNote";
import { duration, SEVERITIES, statusLabel } from "../care";

interface Duration { count: number; median_minutes: number | null; p90_minutes: number | null }
interface Group {
  cases: number; open: number; resolved: number; first_response: Duration; resolution: Duration;
  response_breaches: number; resolution_breaches: number; transfers: number;
}
interface Dashboard {
  from: string;
  open: { total: number; by_severity_and_age: Record<string, Record<string, number>> };
  overall: Group;
  transfer_distribution: Record<string, number>;
  by_owner: (Group & { owner_id: string; name: string | null })[];
}

export const AGE_BUCKETS: [string, string][] = [
  ["under_1d", "Under a day"], ["1_3d", "1–3 days"], ["3_7d", "3–7 days"], ["7_30d", "7–30 days"], ["over_30d", "Over 30 days"],
];

export function minutesText(m: number | null): string {
  return m === null ? "–" : duration(m);
}

export function CaseFigures() {
  const [d, setD] = useState<Dashboard | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = () => {
    setError(null);
    api.get<Dashboard>("/cases/figures").then(setD, setError);
  };
  useEffect(load, []);
  if (error) return <section class="card" aria-label="Care figures"><h2>Care figures</h2><ErrorNote error={error} onRetry={load} /></section>;
  if (!d) return <p class="muted" aria-busy="true">Loading the care figures…</p>;
  const row = (label: string, g: Group) => (
    <tr>
      <th scope="row">{label}</th>
      <td>{g.cases}</td><td>{g.open}</td>
      <td>{minutesText(g.first_response.median_minutes)}</td><td>{minutesText(g.first_response.p90_minutes)}</td>
      <td>{minutesText(g.resolution.median_minutes)}</td><td>{minutesText(g.resolution.p90_minutes)}</td>
      <td>{g.response_breaches}</td><td>{g.resolution_breaches}</td><td>{g.transfers}</td>
    </tr>
  );
  return (
    <section class="card" aria-label="Care figures">
      <h2>Care figures</h2>
      <p class="muted small">Cases opened since {new Date(d.from).toLocaleDateString()}; open cases as of now.</p>
      <table class="table" aria-label="Open cases by severity and age">
        <caption>Open cases by severity and age ({d.open.total} open)</caption>
        <thead><tr><th>Severity</th>{AGE_BUCKETS.map(([, l]) => <th>{l}</th>)}</tr></thead>
        <tbody>
          {SEVERITIES.map((s) => (
            <tr><th scope="row">{statusLabel(s)}</th>{AGE_BUCKETS.map(([k]) => <td>{d.open.by_severity_and_age[s]?.[k] ?? 0}</td>)}</tr>
          ))}
        </tbody>
      </table>
      <table class="table" aria-label="Response and resolution per owner">
        <caption>Response and resolution per owner</caption>
        <thead>
          <tr><th>Owner</th><th>Cases</th><th>Open</th><th>Response median</th><th>Response p90</th>
            <th>Resolution median</th><th>Resolution p90</th><th>Response breaches</th><th>Resolution breaches</th><th>Transfers</th></tr>
        </thead>
        <tbody>
          {d.by_owner.map((o) => row(o.name ?? `User ${o.owner_id}`, o))}
          {row("Everyone", d.overall)}
        </tbody>
      </table>
      <table class="table" aria-label="Transfers per case">
        <caption>How often cases changed hands</caption>
        <thead><tr>{Object.keys(d.transfer_distribution).map((k) => <th>{k === "0" ? "Never" : k === "1" ? "Once" : `${k} times`}</th>)}</tr></thead>
        <tbody><tr>{Object.values(d.transfer_distribution).map((v) => <td>{v}</td>)}</tr></tbody>
      </table>
    </section>
  );
}
