import type { Outcome } from '../outcome.js';

/** The answer to the last action: a success or a typed refusal, as a heading and the gateway's explanation. */
export function NoticeBar({ outcome, onDismiss }: { outcome: Outcome | null; onDismiss: () => void }) {
  if (!outcome) return <div role="status" className="notice empty" />;
  return (
    <div role="status" className={`notice ${outcome.tone}`} data-testid="notice">
      <strong>{outcome.heading}</strong> {outcome.detail}
      <button type="button" className="link" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
