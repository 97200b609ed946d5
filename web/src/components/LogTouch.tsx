// Logs a touch (call, email, meeting, note...) in at most three clicks: the kind, an optional
// summary, Log. Enter submits, Escape cancels. Used on Today (alone, or to complete a task) and
// on the customer's page.
import { useEffect, useRef, useState } from "preact/hooks";
import type { InteractionInput, InteractionKind } from "../types";
import { ErrorNote } from "./ErrorNote";

export const TOUCH_KINDS: { kind: InteractionKind; label: string }[] = [
  { kind: "call", label: "Call" },
  { kind: "email", label: "Email" },
  { kind: "meeting", label: "Meeting" },
  { kind: "social", label: "Message" },
  { kind: "thank_you", label: "Thank-you" },
  { kind: "note", label: "Note" },
];

export function LogTouch(props: {
  initialKind?: InteractionKind;
  submitLabel?: string;
  onSubmit: (input: InteractionInput) => Promise<void>;
  onCancel?: () => void;
  autoFocus?: boolean;
}) {
  const [kind, setKind] = useState<InteractionKind>(props.initialKind ?? "call");
  const [summary, setSummary] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (props.autoFocus) input.current?.focus();
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const body: InteractionInput = { kind };
      if (summary.trim()) body.summary = summary.trim();
      await props.onSubmit(body);
      setSummary("");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="log-touch"
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === "Escape" && props.onCancel) props.onCancel();
      }}
    >
      <div class="kinds" role="radiogroup" aria-label="Kind of touch">
        {TOUCH_KINDS.map((k) => (
          <button
            type="button"
            role="radio"
            aria-checked={kind === k.kind}
            class={kind === k.kind ? "chip on" : "chip"}
            onClick={() => setKind(k.kind)}
          >
            {k.label}
          </button>
        ))}
      </div>
      <div class="row">
        <input
          ref={input}
          name="summary"
          aria-label="Summary"
          placeholder="What was it about? (optional)"
          maxLength={500}
          value={summary}
          onInput={(e) => setSummary((e.target as HTMLInputElement).value)}
        />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Saving…" : props.submitLabel ?? "Log touch"}
        </button>
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
      <ErrorNote error={error} />
    </form>
  );
}
