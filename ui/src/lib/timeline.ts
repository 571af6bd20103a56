import type { AlertView } from "../api/alerts";
import type { WorkOrderEventsQuery } from "../generated/graphql";

export type MesEventRow = WorkOrderEventsQuery["workOrderEvents"][number];

export type TimelineKind = "visit" | "firmware" | "operation" | "defect" | "alert" | "state";

export interface TimelineEntry {
  /** Epoch ms the entry happened (for a defect: when it was detected). */
  at: number;
  kind: TimelineKind;
  label: string;
  stationId: string | null;
  /** True for an entry a later correction replaced; its corrected facts are in the replacing entry. */
  corrected: boolean;
  key: string;
}

export interface StationVisitSpan {
  stationId: string;
  workOrderId: string;
  arrivedAt: number;
  /** Null while the vehicle is still at the station. */
  leftAt: number | null;
}

export interface Timeline {
  start: number;
  end: number;
  /** Sorted by time. */
  entries: TimelineEntry[];
  visits: StationVisitSpan[];
}

type Payload = Record<string, unknown>;

function payloadOf(event: MesEventRow): Payload {
  if (!event.payloadJson) return {};
  try {
    const parsed: unknown = JSON.parse(event.payloadJson);
    return typeof parsed === "object" && parsed !== null ? (parsed as Payload) : {};
  } catch {
    return {};
  }
}

/** Reads a payload field written either in snake_case (protobuf JSON with original names) or camelCase. */
function field(payload: Payload, snake: string): unknown {
  const camel = snake.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
  return payload[snake] ?? payload[camel];
}

function textField(payload: Payload, snake: string): string | null {
  const value = field(payload, snake);
  return typeof value === "string" && value !== "" ? value : null;
}

/** Protobuf JSON writes int64 as a string, so both forms are accepted. */
function timeField(payload: Payload, snake: string): number | null {
  const value = field(payload, snake);
  const number = typeof value === "string" ? Number(value) : value;
  return typeof number === "number" && Number.isFinite(number) && number > 0 ? number : null;
}

const STATE_LABELS: Record<string, string> = {
  created: "Work order created",
  released: "Released to the line",
  held: "Put on hold",
  resumed: "Resumed",
  completed: "Completed",
  closed: "Closed",
};

function describe(event: MesEventRow, payload: Payload): { kind: TimelineKind; label: string; at: number } {
  const station = event.stationId ? ` at station ${event.stationId}` : "";
  switch (event.eventType) {
    case "arrived":
      return { kind: "visit", label: `Arrived${station}`, at: event.occurredAt };
    case "left":
      return { kind: "visit", label: `Left${station}`, at: event.occurredAt };
    case "station_visit_corrected":
      return { kind: "visit", label: `Station visit corrected${station}`, at: event.occurredAt };
    case "firmware_flashed": {
      const result = textField(payload, "result");
      const failed = result !== null && result !== "OK" ? ` (failed: ${result})` : "";
      return {
        kind: "firmware",
        label: `Flashed ${event.ecu ?? "ECU"} ${event.firmware ?? ""}${station}${failed}`.replace(/\s+/g, " "),
        at: event.occurredAt,
      };
    }
    case "firmware_corrected":
      return { kind: "firmware", label: `Firmware corrected to ${event.ecu ?? ""} ${event.firmware ?? ""}`, at: event.occurredAt };
    case "operation_recorded": {
      const ok = field(payload, "ok");
      const operation = textField(payload, "operation") ?? "Operation";
      return { kind: "operation", label: `${operation}${station}: ${ok === true ? "OK" : ok === false ? "NOK" : "recorded"}`, at: event.occurredAt };
    }
    case "defect_reported": {
      const detectedAt = timeField(payload, "detected_at") ?? event.occurredAt;
      const description = textField(payload, "description");
      return {
        kind: "defect",
        label: `Defect ${event.defectCode ?? ""}${description ? `: ${description}` : ""}`,
        at: detectedAt,
      };
    }
    default:
      if (event.eventType === "held") {
        const reason = textField(payload, "reason");
        return { kind: "state", label: `Put on hold${reason ? `: ${reason}` : ""}`, at: event.occurredAt };
      }
      return { kind: "state", label: STATE_LABELS[event.eventType] ?? event.eventType.replace(/_/g, " "), at: event.occurredAt };
  }
}

/** Pairs arrivals with departures per work order and station, applying station-visit corrections. */
function buildVisits(events: readonly MesEventRow[]): StationVisitSpan[] {
  const byId = new Map(events.map((event) => [event.eventId, event]));
  const visits: StationVisitSpan[] = [];
  const open = new Map<string, StationVisitSpan>();
  const sorted = [...events].sort((a, b) => a.occurredAt - b.occurredAt);
  for (const event of sorted) {
    if (event.eventType !== "arrived" && event.eventType !== "left") continue;
    let stationId = event.stationId ?? "?";
    let at = event.occurredAt;
    const correction = event.correctedByEventId ? byId.get(event.correctedByEventId) : undefined;
    if (correction) {
      const payload = payloadOf(correction);
      stationId = correction.stationId ?? stationId;
      at = timeField(payload, event.eventType === "arrived" ? "arrived_at" : "left_at") ?? at;
    }
    if (event.eventType === "arrived") {
      const visit: StationVisitSpan = { stationId, workOrderId: event.workOrderId, arrivedAt: at, leftAt: null };
      visits.push(visit);
      open.set(`${event.workOrderId}/${stationId}`, visit);
    } else {
      const visit = open.get(`${event.workOrderId}/${stationId}`);
      if (visit) {
        visit.leftAt = at;
        open.delete(`${event.workOrderId}/${stationId}`);
      }
    }
  }
  return visits;
}

/**
 * Builds one VIN's timeline from the MES events of its work orders and its alerts. now ends the range of a
 * vehicle still on the line.
 */
export function buildTimeline(events: readonly MesEventRow[], alerts: readonly AlertView[], now: number): Timeline {
  const entries: TimelineEntry[] = events.map((event) => {
    const { kind, label, at } = describe(event, payloadOf(event));
    return { at, kind, label, stationId: event.stationId, corrected: event.correctedByEventId !== null, key: event.eventId };
  });
  for (const alert of alerts) {
    entries.push({
      at: alert.timestamp,
      kind: "alert",
      label: `Alert at station ${alert.stationId}: score ${alert.anomalyScore.toFixed(2)}, ${alert.triggerTorqueNm.toFixed(1)} Nm`,
      stationId: alert.stationId,
      corrected: false,
      key: `alert-${alert.alertId}`,
    });
  }
  entries.sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
  const visits = buildVisits(events);
  const times = entries.map((entry) => entry.at);
  if (times.length === 0) {
    return { start: now - 60_000, end: now, entries, visits };
  }
  const first = Math.min(...times);
  let last = Math.max(...times);
  if (visits.some((visit) => visit.leftAt === null)) {
    last = Math.max(last, now);
  }
  // A single instant still needs a visible range.
  const end = last > first ? last : first + 60_000;
  return { start: first, end, entries, visits };
}

/** Returns the entry times nearest before and after at, for stepping through the timeline by keyboard. */
export function neighbours(entries: readonly TimelineEntry[], at: number): { previous: number | null; next: number | null } {
  let previous: number | null = null;
  let next: number | null = null;
  for (const entry of entries) {
    if (entry.at < at) previous = entry.at;
    else if (entry.at > at && next === null) next = entry.at;
  }
  return { previous, next };
}
