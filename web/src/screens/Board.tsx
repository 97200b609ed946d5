// The pipeline board: a column per lifecycle stage with the customers in it (newest stage change
// first, "Show more" pages with the cursor). Drag a card to another column, or use its "Move to"
// menu from the keyboard: the server applies the lifecycle rules; a refused move shows the reason
// and the card stays where it was. Lost and churned ask for the reason (and the competitor, for
// lost) first. Filter by owner, source and tag. Column headers show the server's count and value
// per stage (/customers/stage-counts); a column renders at most MAX_CARDS cards (board.ts).
import { Component } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, describeError } from "../api";
import { boardQuery, canShowMore, cappedNote, cardValue, columnHeader, type StageCount, type StageCounts } from "../board";
import { ErrorNote } from "../components/ErrorNote";
import { Link } from "../components/Link";
import { stageLabel } from "../format";
import type { Customer, Page, Stage, User } from "../types";

export const BOARD_STAGES: Stage[] = ["contact", "lead", "proposal", "negotiation", "order", "romance"];
export const EXIT_STAGES: Stage[] = ["lost", "churned"];
const PAGE = 30;
const DAY = 86_400_000;

interface Column {
  rows: Customer[];
  cursor: string | null;
  error?: unknown;
}

export function daysInStage(stageChangedAt: string, now = Date.now()): number {
  return Math.max(0, Math.floor((now - new Date(stageChangedAt).getTime()) / DAY));
}

// Words for a move the server refused, naming the customer.
export function refusedMove(name: string, to: Stage, reason: string): string {
  return `${name} was not moved to ${stageLabel(to)}: ${reason}`;
}

export function Board() {
  const [columns, setColumns] = useState<Partial<Record<Stage, Column>>>({});
  const [users, setUsers] = useState<User[]>([]);
  const [owner, setOwner] = useState("");
  const [source, setSource] = useState("");
  const [tag, setTag] = useState("");
  const [counts, setCounts] = useState<{ byStage: Partial<Record<Stage, StageCount>>; currency: string } | null>(null);
  const [countsError, setCountsError] = useState<unknown>(null);
  const filters = boardQuery({ owner, source, tag });
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  const [exit, setExit] = useState<{ customer: Customer; to: Stage } | null>(null);
  const [dragOver, setDragOver] = useState<Stage | null>(null);

  const loadColumn = async (stage: Stage, cursor?: string) => {
    try {
      const page = await api.get<Page<Customer>>("/customers", { stage, ...filters, sort: "-stage_changed_at", limit: PAGE, cursor, include: "value" });
      setColumns((cols) => ({
        ...cols,
        [stage]: { rows: cursor ? [...(cols[stage]?.rows ?? []), ...page.data] : page.data, cursor: page.next_cursor },
      }));
    } catch (err) {
      setColumns((cols) => ({ ...cols, [stage]: { rows: cols[stage]?.rows ?? [], cursor: null, error: err } }));
    }
  };
  const loadCounts = async () => {
    try {
      const r = await api.get<StageCounts>("/customers/stage-counts", filters);
      const byStage: Partial<Record<Stage, StageCount>> = {};
      for (const c of r.data) byStage[c.stage] = c;
      setCounts({ byStage, currency: r.currency });
      setCountsError(null);
    } catch (err) {
      setCounts(null);
      setCountsError(err);
    }
  };
  const loadAll = () => Promise.all([loadCounts(), ...[...BOARD_STAGES, ...EXIT_STAGES].map((s) => loadColumn(s))]);

  useEffect(() => {
    api.get<Page<User>>("/users").then((p) => setUsers(p.data), () => setUsers([]));
  }, []);
  useEffect(() => {
    loadAll();
  }, [owner, source, tag]);

  const find = (id: string): Customer | undefined => {
    for (const col of Object.values(columns)) {
      const c = col?.rows.find((r) => r.id === id);
      if (c) return c;
    }
    return undefined;
  };

  const move = async (customer: Customer, to: Stage, extra: { reason?: string; competitor?: string } = {}) => {
    if (customer.stage === to) return;
    setMessage(null);
    try {
      const result = await api.post<{ customer: Customer; transitions: { from: Stage; to: Stage }[] }>(
        `/customers/${customer.id}/stage`,
        { stage: to, ...extra },
      );
      const path = result.transitions.map((t) => stageLabel(t.to)).join(" → ");
      setMessage({ text: `${customer.name} moved to ${stageLabel(to)}${result.transitions.length > 1 ? ` (recorded: ${path})` : ""}.`, ok: true });
      await Promise.all([loadColumn(customer.stage), loadColumn(to), loadCounts()]);
    } catch (err) {
      // The card never left its column: nothing to undo, the reason is shown.
      setMessage({ text: refusedMove(customer.name, to, describeError(err)), ok: false });
      throw err;
    }
  };

  const requestMove = (customer: Customer, to: Stage) => {
    if (EXIT_STAGES.includes(to)) setExit({ customer, to });
    else move(customer, to).catch(() => {});
  };
  // One function for every card's menu for the board's lifetime, so the cards (BoardCard) can skip
  // re-rendering when only the message, the counts or another column changed.
  const latestRequestMove = useRef(requestMove);
  latestRequestMove.current = requestMove;
  const onMove = useRef((customer: Customer, to: Stage) => latestRequestMove.current(customer, to)).current;

  const onDrop = (e: DragEvent, to: Stage) => {
    e.preventDefault();
    setDragOver(null);
    const id = e.dataTransfer?.getData("text/plain");
    const customer = id ? find(id) : undefined;
    if (customer) requestMove(customer, to);
  };

  const column = (stage: Stage, exitColumn = false) => {
    const col = columns[stage];
    const count = counts?.byStage[stage];
    const header = columnHeader(count, col?.rows.length ?? 0, !!col?.cursor, counts?.currency ?? "USD");
    const capped = col ? cappedNote(col.rows.length, count, col.cursor) : null;
    return (
      <section
        class={`column${exitColumn ? " exit" : ""}${dragOver === stage ? " over" : ""}`}
        aria-label={stageLabel(stage)}
        data-stage={stage}
        onDragOver={(e) => {
          e.preventDefault();
          setDragOver(stage);
        }}
        onDragLeave={() => setDragOver((s) => (s === stage ? null : s))}
        onDrop={(e) => onDrop(e as unknown as DragEvent, stage)}
      >
        <h2>
          {stageLabel(stage)} <span class="count" title="Customers in this stage">{col || count ? header.count : "…"}</span>
          {header.value && <span class="muted small column-value" title="Their revenue so far (latest scoring run)"> {header.value}</span>}
        </h2>
        {col?.error ? <ErrorNote error={col.error} onRetry={() => loadColumn(stage)} /> : null}
        {col && col.rows.length === 0 && !col.error && <p class="muted small">No customers here. Drag one in.</p>}
        <ul class="cards">
          {col?.rows.map((c) => (
            <BoardCard key={c.id} customer={c} stage={stage} onMove={onMove}
              ownerName={users.find((u) => u.id === c.owner_id)?.name ?? `Owner ${c.owner_id}`} />
          ))}
        </ul>
        {col && canShowMore(col.rows.length, col.cursor) && <button type="button" onClick={() => loadColumn(stage, col.cursor!)}>Show more</button>}
        {capped && <p class="muted small">{capped}</p>}
      </section>
    );
  };

  return (
    <section class="board-page">
      <div class="title-row">
        <h1>Pipeline</h1>
        {users.length > 0 && (
          <select aria-label="Owner" value={owner} onChange={(e) => setOwner((e.target as HTMLSelectElement).value)}>
            <option value="">Every owner</option>
            {users.map((u) => <option value={u.id}>{u.name}</option>)}
          </select>
        )}
        <input type="search" aria-label="Source" placeholder="Source (exact)" value={source}
          onChange={(e) => setSource((e.target as HTMLInputElement).value)} />
        <input type="search" aria-label="Tag" placeholder="Tag" value={tag}
          onChange={(e) => setTag((e.target as HTMLInputElement).value)} />
      </div>
      {countsError ? <ErrorNote error={countsError} onRetry={loadCounts} /> : null}
      {/* Out of the page's flow (fixed, bottom): showing it does not lay out the whole board again. */}
      {message && <p class={`${message.ok ? "notice" : "error"} board-toast`} role={message.ok ? "status" : "alert"}>{message.text}</p>}
      <div class="board">{BOARD_STAGES.map((s) => column(s))}</div>
      <div class="board exits">{EXIT_STAGES.map((s) => column(s, true))}</div>
      {exit && (
        <ExitDialog
          customer={exit.customer}
          to={exit.to}
          onCancel={() => setExit(null)}
          onConfirm={async (reason, competitor) => {
            await move(exit.customer, exit.to, { reason, ...(competitor ? { competitor } : {}) });
            setExit(null);
          }}
        />
      )}
    </section>
  );
}

const MOVE_TARGETS: Record<string, Stage[]> = Object.fromEntries(
  [...BOARD_STAGES, ...EXIT_STAGES].map((from) => [from, [...BOARD_STAGES, ...EXIT_STAGES].filter((s) => s !== from)]),
);

interface CardProps {
  customer: Customer;
  stage: Stage;
  ownerName: string;
  onMove: (customer: Customer, to: Stage) => void;
}

// A card re-renders only when its customer (a new object after a reload) or owner name changes: a
// board of 8 columns re-rendered every card with its menu on each message, which made a saved
// move show 50-200 ms after the server's answer at 240 cards.
class BoardCard extends Component<CardProps> {
  shouldComponentUpdate(next: CardProps) {
    const p = this.props;
    return next.customer !== p.customer || next.ownerName !== p.ownerName || next.stage !== p.stage || next.onMove !== p.onMove;
  }
  render({ customer: c, stage, ownerName, onMove }: CardProps) {
    const value = cardValue(c);
    return (
      <li
        class="board-card"
        draggable
        data-customer-id={c.id}
        onDragStart={(e) => {
          (e as unknown as DragEvent).dataTransfer?.setData("text/plain", c.id);
        }}
      >
        <Link to={`/customers/${c.id}`}>{c.name}</Link>
        <div class="muted small">
          {ownerName} · {daysInStage(c.stage_changed_at)} days in stage
          {value && <> · <span class="card-value">{value}</span></>}
        </div>
        <select aria-label={`Move ${c.name} to`} value="" onChange={(e) => {
          const to = (e.target as HTMLSelectElement).value as Stage;
          (e.target as HTMLSelectElement).value = "";
          if (to) onMove(c, to);
        }}>
          <option value="">Move to…</option>
          {MOVE_TARGETS[stage].map((s) => <option value={s}>{stageLabel(s)}</option>)}
        </select>
      </li>
    );
  }
}

function ExitDialog(props: {
  customer: Customer;
  to: Stage;
  onCancel: () => void;
  onConfirm: (reason: string, competitor: string) => Promise<void>;
}) {
  const [reason, setReason] = useState("");
  const [competitor, setCompetitor] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm(reason.trim(), competitor.trim());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="overlay">
      <form class="card dialog" role="dialog" aria-modal="true" aria-label={`Move ${props.customer.name} to ${stageLabel(props.to)}`}
        onSubmit={submit} onKeyDown={(e) => e.key === "Escape" && props.onCancel()}>
        <h2>{props.to === "lost" ? `Why was ${props.customer.name} lost?` : `Why did ${props.customer.name} stop buying?`}</h2>
        <label>Reason<input name="reason" required autoFocus value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} /></label>
        {props.to === "lost" && (
          <label>Competitor chosen (if known)<input name="competitor" value={competitor} onInput={(e) => setCompetitor((e.target as HTMLInputElement).value)} /></label>
        )}
        <ErrorNote error={error} />
        <div class="row">
          <button type="submit" class="primary" disabled={busy}>Move to {stageLabel(props.to)}</button>
          <button type="button" onClick={props.onCancel}>Cancel</button>
        </div>
      </form>
    </div>
  );
}
