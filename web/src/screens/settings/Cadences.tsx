// Cadence rules: the list, a rule added or changed in a form (each field's problem next to it),
// a rule deleted after a confirmation. The scheduler recomputes every customer on a change.
import { useEffect, useState } from "preact/hooks";
import { api } from "../../api";
import { Empty, ErrorNote, FieldNote } from "../../components/ErrorNote";
import { STAGES, kindLabel, stageLabel } from "../../format";
import {
  CADENCE_TYPES, TASK_KINDS, cadenceBody, cadenceForm, emptyCadenceForm, ruleText, targetText,
  type Cadence, type CadenceForm,
} from "../../settings";

const FORM_FIELDS = ["name", "type", "days", "task_kind", "stage", "target.stages", "target.source", "target.tag"];

export function Cadences() {
  const [rules, setRules] = useState<Cadence[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<Cadence | "new" | null>(null);
  const [deleting, setDeleting] = useState<Cadence | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = () => {
    setError(null);
    api.get<{ data: Cadence[] }>("/cadences").then((r) => setRules(r.data), setError);
  };
  useEffect(load, []);

  const remove = async (r: Cadence) => {
    setError(null);
    try {
      await api.delete(`/cadences/${r.id}`);
      setDeleting(null);
      setNotice(`Rule “${r.name}” deleted; the tasks it made stay.`);
      load();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section class="card" aria-label="Cadence rules">
      <div class="title-row">
        <h2>Cadence rules</h2>
        {editing === null && <button type="button" onClick={() => { setEditing("new"); setNotice(null); }}>New rule</button>}
      </div>
      <p class="muted small">When a customer is due a personal touch, and which tasks follow an order, a resolved case or a new stage.</p>
      {notice && <p class="notice" role="status">{notice}</p>}
      <ErrorNote error={error} onRetry={rules === null ? load : undefined} />
      {editing !== null && (
        <CadenceEditor rule={editing === "new" ? null : editing} onCancel={() => setEditing(null)}
          onSaved={(r, created) => {
            setEditing(null);
            setNotice(`Rule “${r.name}” ${created ? "added" : "saved"}.`);
            load();
          }} />
      )}
      {rules === null ? (
        !error && <p class="muted" aria-busy="true">Loading…</p>
      ) : rules.length === 0 ? (
        <Empty title="No cadence rules.">Without a rule nobody is ever “forgotten”: add one with New rule, e.g. a personal touch every 45 days for customers in Romance.</Empty>
      ) : (
        <table class="table" aria-label="Cadence rules">
          <thead><tr><th>Rule</th><th>What it asks</th><th>For</th><th>Active</th><th></th></tr></thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id}>
                <td>{r.name}</td>
                <td>{ruleText(r)}</td>
                <td>{targetText(r.target)}</td>
                <td>{r.active ? "Yes" : <span class="badge">Paused</span>}</td>
                <td><span class="row">
                  {deleting?.id === r.id ? (
                    <>
                      <span>Delete “{r.name}”?</span>
                      <button type="button" class="primary" onClick={() => remove(r)}>Delete rule</button>
                      <button type="button" onClick={() => setDeleting(null)}>Keep</button>
                    </>
                  ) : (
                    <>
                      <button type="button" aria-label={`Edit ${r.name}`} onClick={() => { setEditing(r); setNotice(null); }}>Edit</button>
                      <button type="button" aria-label={`Delete ${r.name}`} onClick={() => setDeleting(r)}>Delete</button>
                    </>
                  )}
                </span></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function CadenceEditor(props: { rule: Cadence | null; onCancel: () => void; onSaved: (r: Cadence, created: boolean) => void }) {
  const [f, setF] = useState<CadenceForm>(() => (props.rule ? cadenceForm(props.rule) : emptyCadenceForm()));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const set = (patch: Partial<CadenceForm>) => setF((old) => ({ ...old, ...patch }));

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = cadenceBody(f, props.rule ?? undefined);
      const saved = props.rule
        ? await api.patch<Cadence>(`/cadences/${props.rule.id}`, body)
        : await api.post<Cadence>("/cadences", body);
      props.onSaved(saved, !props.rule);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const label = props.rule ? `Edit rule ${props.rule.name}` : "New cadence rule";
  return (
    <form class="card" aria-label={label} onSubmit={submit} onKeyDown={(e) => e.key === "Escape" && props.onCancel()}>
      <h3>{props.rule ? `Edit “${props.rule.name}”` : "New rule"}</h3>
      <div class="grid">
        <label>Name
          <input name="name" value={f.name} onInput={(e) => set({ name: (e.target as HTMLInputElement).value })}
            placeholder="e.g. VIP: a touch every 30 days" />
          <FieldNote error={error} field="name" />
        </label>
        <label>Kind of rule
          <select name="type" value={f.type} onChange={(e) => set({ type: (e.target as HTMLSelectElement).value as CadenceForm["type"] })}>
            {CADENCE_TYPES.map((t) => <option value={t.id}>{t.label}</option>)}
          </select>
          <FieldNote error={error} field="type" />
        </label>
        <label>Days
          <input name="days" inputMode="numeric" value={f.days} onInput={(e) => set({ days: (e.target as HTMLInputElement).value })} />
          <FieldNote error={error} field="days" />
        </label>
        {f.type !== "touch_every" && (
          <label>Task to create
            <select name="task_kind" value={f.task_kind} onChange={(e) => set({ task_kind: (e.target as HTMLSelectElement).value })}>
              {TASK_KINDS.map((k) => <option value={k}>{kindLabel(k)}</option>)}
            </select>
            <FieldNote error={error} field="task_kind" />
          </label>
        )}
        {f.type === "after_stage" && (
          <label>Stage entered
            <select name="stage" value={f.stage} onChange={(e) => set({ stage: (e.target as HTMLSelectElement).value })}>
              <option value="">Choose…</option>
              {STAGES.map((s) => <option value={s}>{stageLabel(s)}</option>)}
            </select>
            <FieldNote error={error} field="stage" />
          </label>
        )}
      </div>
      <fieldset>
        <legend>For customers in (none ticked: every stage)</legend>
        <div class="row">
          {STAGES.map((s) => (
            <label>
              <input type="checkbox" checked={f.stages.includes(s)}
                onChange={() => set({ stages: f.stages.includes(s) ? f.stages.filter((x) => x !== s) : [...f.stages, s] })} />
              {stageLabel(s)}
            </label>
          ))}
        </div>
        <FieldNote error={error} field="target.stages" />
      </fieldset>
      <div class="grid">
        <label>Only source (optional)
          <input name="source" value={f.source} onInput={(e) => set({ source: (e.target as HTMLInputElement).value })} />
          <FieldNote error={error} field="target.source" />
        </label>
        <label>Only tag (optional)
          <input name="tag" value={f.tag} onInput={(e) => set({ tag: (e.target as HTMLInputElement).value })} />
          <FieldNote error={error} field="target.tag" />
        </label>
        <label class="inline">
          <input type="checkbox" name="active" checked={f.active} onChange={() => set({ active: !f.active })} />
          Active
        </label>
      </div>
      <ErrorNote error={error} shownFields={FORM_FIELDS} />
      <div class="row">
        <button type="submit" class="primary" disabled={busy}>{busy ? "Saving…" : props.rule ? "Save rule" : "Add rule"}</button>
        <button type="button" onClick={props.onCancel}>Cancel</button>
      </div>
    </form>
  );
}
