// Every failure is shown in words (describeError), never swallowed and never as raw JSON.
import { describeError, fieldError } from "../api";

export function ErrorNote(props: { error: unknown; onRetry?: () => void; shownFields?: string[] }) {
  if (!props.error) return null;
  return (
    <div class="error" role="alert">
      <span>{describeError(props.error, props.shownFields)}</span>
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

// The API's reason for one field, next to its input (a 422 names the field).
export function FieldNote(props: { error: unknown; field: string }) {
  const why = fieldError(props.error, props.field);
  if (!why) return null;
  return <span class="field-error">{why}</span>;
}
