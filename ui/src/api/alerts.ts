import type { AlertFieldsFragment } from "../generated/graphql";

/** An alert as the dashboard shows it; the GraphQL Alert fields, whichever way the alert arrived. */
export type AlertView = AlertFieldsFragment;

/** Body of an SSE `resync` event: the requested id is older than the stream keeps. */
export interface ResyncInfo {
  reason: string;
  requestedLastEventId: string | null;
  firstAvailableSeq: number | null;
  resumeAfter: number | null;
}

function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function finite(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/**
 * Converts the snake_case JSON of an SSE `alert` event into an AlertView, or returns an error message naming
 * the first missing or invalid field.
 */
export function parseAlertEvent(data: string, eventId: string): AlertView | string {
  let json: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(data);
    if (typeof parsed !== "object" || parsed === null) {
      return "alert data is not a JSON object";
    }
    json = parsed as Record<string, unknown>;
  } catch {
    return `alert data is not JSON: ${data.slice(0, 80)}`;
  }
  const stationId = text(json.station_id);
  const anomalyScore = finite(json.anomaly_score);
  const triggerTorqueNm = finite(json.trigger_torque_nm);
  const timestamp = finite(json.timestamp);
  if (stationId === null) return "alert field station_id is missing";
  if (anomalyScore === null) return "alert field anomaly_score is not a number";
  if (triggerTorqueNm === null) return "alert field trigger_torque_nm is not a number";
  if (timestamp === null) return "alert field timestamp is not a number";
  const streamSeq = /^\d+$/.test(eventId) ? Number(eventId) : null;
  return {
    // Older producers may leave alert_id empty; the stream sequence is unique as well.
    alertId: text(json.alert_id) ?? `seq-${eventId}`,
    streamSeq,
    stationId,
    anomalyScore,
    triggerTorqueNm,
    timestamp,
    vin: text(json.vin),
    firmware: text(json.firmware),
    modelName: text(json.model_name),
    modelVersion: text(json.model_version),
  };
}

export function parseResyncEvent(data: string): ResyncInfo {
  let json: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(data);
    if (typeof parsed === "object" && parsed !== null) {
      json = parsed as Record<string, unknown>;
    }
  } catch {
    // A resync without a readable body still means "reload"; the fields stay null.
  }
  const requested = json.requested_last_event_id;
  return {
    reason: text(json.reason) ?? "the requested event is no longer retained",
    requestedLastEventId: requested === undefined || requested === null ? null : String(requested),
    firstAvailableSeq: finite(json.first_available_seq),
    resumeAfter: finite(json.resume_after),
  };
}

/**
 * Merges alerts into a list kept newest first (by timestamp, then stream sequence), without duplicates by
 * alertId, and at most max entries long. A redelivered alert replaces the earlier copy.
 */
export function mergeAlerts(current: readonly AlertView[], incoming: readonly AlertView[], max: number): AlertView[] {
  const byId = new Map<string, AlertView>();
  for (const alert of current) byId.set(alert.alertId, alert);
  for (const alert of incoming) byId.set(alert.alertId, alert);
  return [...byId.values()]
    .sort((a, b) => b.timestamp - a.timestamp || (b.streamSeq ?? 0) - (a.streamSeq ?? 0))
    .slice(0, max);
}
