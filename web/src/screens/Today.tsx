// Today: my overdue and due tasks, the inbound messages waiting for an answer, and my forgotten
// customers (most valuable first, each with why). A task is completed and its touch logged in one
// step; a forgotten customer gets a touch logged right here and leaves the list.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api";
import { Empty, ErrorNote } from "../components/ErrorNote";
import { Link } from "../components/Link";
import { LogTouch } from "../components/LogTouch";
import { interactionKindForTask, kindLabel, money, relativeDay, stageLabel } from "../format";
import type { ForgottenCustomer, InteractionInput, InteractionKind, Task, Today as TodayData, WaitingReply } from "../types";

// The answer goes back the way the message came.
export function answerKind(channel: string | null): InteractionKind {
  if (channel === "email") return "email";
  if (channel === "phone" || channel === "call") return "call";
  if (channel === "social") return "social";
  return "email";
}

export function Today() {
  const [data, setData] = useState<TodayData | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<string | null>(null); // "task:ID" or "customer:ID"
  const [done, setDone] = useState<string | null>(null);

  const load = async () => {
    setError(null);
    try {
      const today = await api.get<TodayData>("/today", { limit: 50, tasks_limit: 50 });
      setData(today);
    } catch (err) {
      setError(err);
    }
  };
  useEffect(() => {
    load();
  }, []);

  const completeTask = async (task: Task, input: InteractionInput) => {
    await api.post(`/tasks/${task.id}/complete`, { interaction: input });
    setOpen(null);
    setDone(`Done: ${task.title}`);
    await load();
  };

  const logTouch = async (c: ForgottenCustomer, input: InteractionInput) => {
    await api.post(`/customers/${c.customer_id}/interactions`, input);
    setOpen(null);
    setDone(`${kindLabel(input.kind)} with ${c.name} logged`);
    await load();
  };

  const answer = async (r: WaitingReply, input: InteractionInput) => {
    await api.post(`/customers/${r.customer_id}/interactions`, { ...input, direction: "outbound", reply_to_id: r.interaction_id });
    setOpen(null);
    setDone(`Answered ${r.customer_name}`);
    await load();
  };

  if (error && !data) return <section><h1>Today</h1><ErrorNote error={error} onRetry={load} /></section>;
  if (!data) return <section><h1>Today</h1><p class="muted" aria-busy="true">Loading…</p></section>;

  const tasks = [...data.overdue_tasks.data, ...data.due_today.data];
  const now = new Date(data.now);
  return (
    <section class="today">
      <h1>Today</h1>
      <ErrorNote error={error} onRetry={load} />
      {done && <p class="notice" role="status">{done}</p>}

      <h2>
        Tasks <span class="count">{data.overdue_tasks.total} overdue · {data.due_today.total} due today</span>
      </h2>
      {tasks.length === 0 ? (
        <Empty title="No tasks due.">Cadences create tasks when a customer needs a touch; nothing is waiting for you now.</Empty>
      ) : (
        <ul class="list" aria-label="Tasks">
          {tasks.map((t) => {
            const overdue = new Date(t.due_at) < now;
            return (
              <li key={t.id} class="item">
                <div class="main">
                  <div>
                    <strong>{t.title}</strong>{" "}
                    <span class={overdue ? "badge warn" : "badge"}>{overdue ? `overdue, due ${relativeDay(t.due_at, now)}` : `due ${relativeDay(t.due_at, now)}`}</span>
                  </div>
                  <div class="muted">
                    <Link to={`/customers/${t.customer_id}`}>{t.customer_name ?? `Customer ${t.customer_id}`}</Link> · {kindLabel(t.kind)}
                  </div>
                </div>
                {open === `task:${t.id}` ? (
                  <LogTouch autoFocus initialKind={interactionKindForTask(t.kind)} submitLabel="Complete and log"
                    onSubmit={(input) => completeTask(t, input)} onCancel={() => setOpen(null)} />
                ) : (
                  <button type="button" onClick={() => setOpen(`task:${t.id}`)}>Complete…</button>
                )}
              </li>
            );
          })}
        </ul>
      )}

      {data.replies.total > 0 && (
        <>
          <h2>
            Waiting for your answer <span class="count">{data.replies.total}</span>
          </h2>
          <ul class="list" aria-label="Messages waiting for an answer">
            {data.replies.data.map((r) => (
              <li key={r.interaction_id} class="item">
                <div class="main">
                  <div>
                    <strong>{r.summary}</strong>{" "}
                    <span class={r.overdue ? "badge warn" : "badge"}>{r.overdue ? "answer overdue" : `answer due ${relativeDay(r.reply_due_at, now)}`}</span>
                  </div>
                  <div class="muted">
                    <Link to={`/customers/${r.customer_id}`}>{r.customer_name}</Link> · {kindLabel(r.channel ?? "message")}
                  </div>
                </div>
                {open === `reply:${r.interaction_id}` ? (
                  <LogTouch autoFocus initialKind={answerKind(r.channel)} submitLabel="Log the answer"
                    onSubmit={(input) => answer(r, input)} onCancel={() => setOpen(null)} />
                ) : (
                  <button type="button" onClick={() => setOpen(`reply:${r.interaction_id}`)}>Answer…</button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}

      <h2>
        Forgotten customers <span class="count">{data.forgotten.total}</span>
      </h2>
      {data.forgotten.data.length === 0 ? (
        <Empty title="Nobody is forgotten.">Every customer of yours had a personal touch within their cadence. Well kept!</Empty>
      ) : (
        <ul class="list" aria-label="Forgotten customers">
          {data.forgotten.data.map((c) => (
            <li key={c.customer_id} class="item" data-customer-id={c.customer_id}>
              <div class="main">
                <div>
                  <Link to={`/customers/${c.customer_id}`}><strong>{c.name}</strong></Link>{" "}
                  <span class="badge">{stageLabel(c.stage)}</span> <span class="value">{money(c.value_cents)}</span>
                </div>
                <div class="muted reason">{c.reason}</div>
              </div>
              {open === `customer:${c.customer_id}` ? (
                <LogTouch autoFocus onSubmit={(input) => logTouch(c, input)} onCancel={() => setOpen(null)} />
              ) : (
                <button type="button" onClick={() => setOpen(`customer:${c.customer_id}`)}>Log touch…</button>
              )}
            </li>
          ))}
        </ul>
      )}
      {data.scheduler?.stale && <p class="muted">{data.scheduler.message}</p>}
    </section>
  );
}
