// The workspace's settings that are one document each (read with GET, saved whole with PUT):
// loyalty, case deadlines, when feedback opens a case, the renewal notice period.
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api } from "../../api";
import { ErrorNote, FieldNote } from "../../components/ErrorNote";
import { kindLabel } from "../../format";
import { durationText, numberOrText } from "../../settings";

// Loads a settings document, keeps an editable copy, saves it with PUT and says so.
function useSettings<T>(path: string) {
  const [saved, setSaved] = useState<T | null>(null);
  const [draft, setDraft] = useState<T | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const load = () => {
    setLoadError(null);
    api.get<T>(path).then((s) => {
      setSaved(s);
      setDraft(s);
    }, setLoadError);
  };
  useEffect(load, [path]);
  const save = async (body: unknown) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const s = await api.put<T>(path, body);
      setSaved(s);
      setDraft(s);
      setNotice("Saved.");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { saved, draft, setDraft, loadError, load, error, busy, notice, save };
}

function SettingsCard(props: {
  title: string;
  hint: string;
  s: { loadError: unknown; load: () => void; error: unknown; busy: boolean; notice: string | null; draft: unknown };
  shownFields: string[];
  onSubmit: () => void;
  onReset: () => void;
  children: ComponentChildren;
}) {
  return (
    <section class="card" aria-label={props.title}>
      <h2>{props.title}</h2>
      <p class="muted small">{props.hint}</p>
      <ErrorNote error={props.s.loadError} onRetry={props.s.load} />
      {props.s.draft === null ? (
        !props.s.loadError && <p class="muted" aria-busy="true">Loading…</p>
      ) : (
        <form aria-label={props.title} onSubmit={(e) => { e.preventDefault(); props.onSubmit(); }}>
          {props.children}
          <ErrorNote error={props.s.error} shownFields={props.shownFields} />
          {props.s.notice && <p class="notice" role="status">{props.s.notice}</p>}
          <div class="row">
            <button type="submit" class="primary" disabled={props.s.busy}>{props.s.busy ? "Saving…" : "Save"}</button>
            <button type="button" onClick={props.onReset}>Undo changes</button>
          </div>
        </form>
      )}
    </section>
  );
}

const val = (e: Event) => (e.target as HTMLInputElement).value;

interface Tier { name: string; min_orders: number | string }
interface LoyaltySettings { points_per_unit: number | string; window_days: number | string; tiers: Tier[]; points_expire_days: number | string | null }

export function LoyaltyCard() {
  const s = useSettings<LoyaltySettings>("/loyalty/settings");
  const d = s.draft;
  const set = (patch: Partial<LoyaltySettings>) => d && s.setDraft({ ...d, ...patch });
  const setTier = (i: number, patch: Partial<Tier>) => d && set({ tiers: d.tiers.map((t, j) => (j === i ? { ...t, ...patch } : t)) });
  const submit = () => {
    if (!d) return;
    const expire = d.points_expire_days === null || String(d.points_expire_days).trim() === "" ? null : numberOrText(String(d.points_expire_days));
    s.save({
      points_per_unit: numberOrText(String(d.points_per_unit)),
      window_days: numberOrText(String(d.window_days)),
      points_expire_days: expire,
      tiers: d.tiers.map((t) => ({ name: t.name.trim(), min_orders: numberOrText(String(t.min_orders)) })),
    });
  };
  return (
    <SettingsCard title="Loyalty" hint="Points for every purchase, and tiers for customers who buy often." s={s}
      shownFields={["points_per_unit", "window_days", "points_expire_days", "tiers"]} onSubmit={submit} onReset={() => s.setDraft(s.saved)}>
      {d && (
        <>
          <div class="grid">
            <label>Points per currency unit spent
              <input name="points_per_unit" inputMode="numeric" value={String(d.points_per_unit)} onInput={(e) => set({ points_per_unit: val(e) })} />
              <FieldNote error={s.error} field="points_per_unit" />
            </label>
            <label>Tiers count orders of the last (days)
              <input name="window_days" inputMode="numeric" value={String(d.window_days)} onInput={(e) => set({ window_days: val(e) })} />
              <FieldNote error={s.error} field="window_days" />
            </label>
            <label>Points expire after (days; empty: never)
              <input name="points_expire_days" inputMode="numeric" value={d.points_expire_days === null ? "" : String(d.points_expire_days)}
                onInput={(e) => set({ points_expire_days: val(e) })} />
              <FieldNote error={s.error} field="points_expire_days" />
            </label>
          </div>
          <table class="table" aria-label="Loyalty tiers">
            <thead><tr><th>Tier</th><th>Orders in the window</th><th></th></tr></thead>
            <tbody>
              {d.tiers.map((t, i) => (
                <tr>
                  <td><input aria-label={`Tier ${i + 1} name`} value={t.name} onInput={(e) => setTier(i, { name: val(e) })} />
                    <FieldNote error={s.error} field={`tiers[${i}].name`} /></td>
                  <td><input aria-label={`Tier ${i + 1} orders`} type="number" min={0} value={String(t.min_orders)} onInput={(e) => setTier(i, { min_orders: val(e) })} />
                    <FieldNote error={s.error} field={`tiers[${i}].min_orders`} /></td>
                  <td><button type="button" onClick={() => set({ tiers: d.tiers.filter((_, j) => j !== i) })}>Remove</button></td>
                </tr>
              ))}
            </tbody>
          </table>
          {d.tiers.length === 0 && <p class="muted">No tiers: customers earn points but no tier. Add one, e.g. Gold from 6 orders.</p>}
          <FieldNote error={s.error} field="tiers" />
          <p><button type="button" onClick={() => set({ tiers: [...d.tiers, { name: "", min_orders: "" }] })}>Add a tier</button></p>
        </>
      )}
    </SettingsCard>
  );
}

type Deadlines = { respond_minutes: number | string; resolve_minutes: number | string };
const SEVERITIES = ["low", "normal", "high", "urgent"] as const;
type CasePolicy = Record<(typeof SEVERITIES)[number], Deadlines>;

export function CasePolicyCard() {
  const s = useSettings<CasePolicy>("/cases/policy");
  const d = s.draft;
  const set = (sev: (typeof SEVERITIES)[number], patch: Partial<Deadlines>) => d && s.setDraft({ ...d, [sev]: { ...d[sev], ...patch } });
  const submit = () => {
    if (!d) return;
    const body: Record<string, unknown> = {};
    for (const sev of SEVERITIES) {
      body[sev] = { respond_minutes: numberOrText(String(d[sev].respond_minutes)), resolve_minutes: numberOrText(String(d[sev].resolve_minutes)) };
    }
    s.save(body);
  };
  const minutes = (v: number | string) => durationText(Number(v));
  return (
    <SettingsCard title="Case deadlines" hint="How soon a complaint case must get its first response and its resolution, by severity (minutes). Cases already open keep their deadlines."
      s={s} shownFields={[...SEVERITIES]} onSubmit={submit} onReset={() => s.setDraft(s.saved)}>
      {d && (
        <table class="table" aria-label="Case deadlines by severity">
          <thead><tr><th>Severity</th><th>Respond within (minutes)</th><th>Resolve within (minutes)</th></tr></thead>
          <tbody>
            {SEVERITIES.map((sev) => (
              <tr>
                <td>{kindLabel(sev)}</td>
                <td>
                  <input type="number" min={1} aria-label={`${kindLabel(sev)}: respond within (minutes)`} value={String(d[sev].respond_minutes)}
                    onInput={(e) => set(sev, { respond_minutes: val(e) })} /> <span class="muted small">{minutes(d[sev].respond_minutes)}</span>
                  <FieldNote error={s.error} field={`${sev}.respond_minutes`} />
                </td>
                <td>
                  <input type="number" min={1} aria-label={`${kindLabel(sev)}: resolve within (minutes)`} value={String(d[sev].resolve_minutes)}
                    onInput={(e) => set(sev, { resolve_minutes: val(e) })} /> <span class="muted small">{minutes(d[sev].resolve_minutes)}</span>
                  <FieldNote error={s.error} field={`${sev}.resolve_minutes`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </SettingsCard>
  );
}

interface CareSettings { detractor_opens_case: boolean; detractor_max_score: number | string; csat_max_score: number | string }

export function CareCard() {
  const s = useSettings<CareSettings>("/care/settings");
  const d = s.draft;
  const set = (patch: Partial<CareSettings>) => d && s.setDraft({ ...d, ...patch });
  const submit = () => d && s.save({
    detractor_opens_case: d.detractor_opens_case,
    detractor_max_score: numberOrText(String(d.detractor_max_score)),
    csat_max_score: numberOrText(String(d.csat_max_score)),
  });
  return (
    <SettingsCard title="Care" hint="When an unhappy answer to a survey opens a complaint case by itself." s={s}
      shownFields={["detractor_opens_case", "detractor_max_score", "csat_max_score"]} onSubmit={submit} onReset={() => s.setDraft(s.saved)}>
      {d && (
        <div class="grid">
          <label class="inline">
            <input type="checkbox" name="detractor_opens_case" checked={d.detractor_opens_case}
              onChange={() => set({ detractor_opens_case: !d.detractor_opens_case })} />
            A detractor's answer opens a case
          </label>
          <label>NPS answers at or below open a case
            <input name="detractor_max_score" type="number" min={0} max={10} value={String(d.detractor_max_score)} onInput={(e) => set({ detractor_max_score: val(e) })} />
            <FieldNote error={s.error} field="detractor_max_score" />
          </label>
          <label>CSAT answers at or below open a case (0: never)
            <input name="csat_max_score" type="number" min={0} max={5} value={String(d.csat_max_score)} onInput={(e) => set({ csat_max_score: val(e) })} />
            <FieldNote error={s.error} field="csat_max_score" />
          </label>
        </div>
      )}
    </SettingsCard>
  );
}

export function RenewalsCard() {
  const s = useSettings<{ renewal_notice_days: number | string }>("/renewals/settings");
  const d = s.draft;
  return (
    <SettingsCard title="Renewals" hint="How many days before a subscription renews it shows in the renewals list." s={s}
      shownFields={["renewal_notice_days"]} onSubmit={() => d && s.save({ renewal_notice_days: numberOrText(String(d.renewal_notice_days)) })}
      onReset={() => s.setDraft(s.saved)}>
      {d && (
        <div class="grid">
          <label>Renewal notice (days)
            <input name="renewal_notice_days" type="number" min={0} value={String(d.renewal_notice_days)}
              onInput={(e) => s.setDraft({ renewal_notice_days: val(e) })} />
            <FieldNote error={s.error} field="renewal_notice_days" />
          </label>
        </div>
      )}
    </SettingsCard>
  );
}
