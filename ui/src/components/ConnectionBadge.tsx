import type { ConnectionState } from "../api/alertStream";

const LABELS: Record<ConnectionState, string> = {
  connecting: "Connecting",
  connected: "Live",
  reconnecting: "Reconnecting",
  resynced: "Resynced",
  unauthorized: "Key rejected",
  stopped: "Stopped",
};

/** Shows the alert stream's connection state; screen readers hear each change. */
export function ConnectionBadge({ state, detail }: { state: ConnectionState; detail: string | null }) {
  return (
    <span className={`badge connection connection-${state}`} role="status" aria-live="polite" title={detail ?? undefined}>
      <span className="dot" aria-hidden="true" />
      <span>
        Alert stream: <strong>{LABELS[state]}</strong>
      </span>
      {detail ? <span className="connection-detail">{detail}</span> : null}
    </span>
  );
}
