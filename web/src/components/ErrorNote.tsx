// Every failure is shown in words (describeError), never swallowed and never as raw JSON.
import { describeError } from "../api";

export function ErrorNote(props: { error: unknown; onRetry?: () => void }) {
  if (!props.error) return null;
  return (
    <div class="error" role="alert">
      <span>{describeError(props.error)}</span>
      {props.onRetry && (
        <button type="button" class="link" onClick={props.onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty(props: { title: string; children?: preact.ComponentChildren }) {
  return (
    <div class="empty">
      <strong>{props.title}</strong>
      {props.children && <p>{props.children}</p>}
    </div>
  );
}
