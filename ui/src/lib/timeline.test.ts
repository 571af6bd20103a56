import { alertView } from "../test/fakeApi";
import { buildTimeline, neighbours, type MesEventRow } from "./timeline";

function event(overrides: Partial<MesEventRow>): MesEventRow {
  return {
    eventId: "e",
    workOrderId: "wo-1",
    eventType: "created",
    stationId: null,
    occurredAt: 1000,
    recordedAt: 1000,
    correctsEventId: null,
    correctedByEventId: null,
    ecu: null,
    firmware: null,
    defectCode: null,
    payloadJson: null,
    ...overrides,
  };
}

const EVENTS: MesEventRow[] = [
  event({ eventId: "e1", eventType: "created", occurredAt: 1_000 }),
  event({ eventId: "e2", eventType: "arrived", stationId: "5", occurredAt: 10_000 }),
  event({ eventId: "e3", eventType: "firmware_flashed", stationId: "5", ecu: "EPS", firmware: "v2.1.4", occurredAt: 20_000, payloadJson: '{"result":"OK"}' }),
  event({ eventId: "e4", eventType: "operation_recorded", stationId: "5", occurredAt: 30_000, payloadJson: '{"operation":"tighten","ok":false}' }),
  event({ eventId: "e5", eventType: "left", stationId: "5", occurredAt: 40_000 }),
  event({ eventId: "e6", eventType: "defect_reported", defectCode: "STEERING", occurredAt: 90_000, payloadJson: '{"detected_at":"80000","description":"pulls left"}' }),
];

test("buildTimeline orders entries and labels them", () => {
  const timeline = buildTimeline(EVENTS, [alertView({ timestamp: 35_000 })], 100_000);
  expect(timeline.entries.map((entry) => entry.kind)).toEqual(["state", "visit", "firmware", "operation", "alert", "visit", "defect"]);
  expect(timeline.entries[2]?.label).toBe("Flashed EPS v2.1.4 at station 5");
  expect(timeline.entries[3]?.label).toBe("tighten at station 5: NOK");
  expect(timeline.entries[6]?.label).toBe("Defect STEERING: pulls left");
  expect(timeline.entries[6]?.at).toBe(80_000);
  expect(timeline.start).toBe(1_000);
  expect(timeline.end).toBe(80_000);
});

test("buildTimeline pairs arrivals with departures", () => {
  const timeline = buildTimeline(EVENTS, [], 100_000);
  expect(timeline.visits).toEqual([{ stationId: "5", workOrderId: "wo-1", arrivedAt: 10_000, leftAt: 40_000 }]);
});

test("buildTimeline applies a station visit correction", () => {
  const events = [
    event({ eventId: "a", eventType: "arrived", stationId: "4", occurredAt: 10_000, correctedByEventId: "c" }),
    event({ eventId: "c", eventType: "station_visit_corrected", stationId: "5", occurredAt: 50_000, correctsEventId: "a", payloadJson: '{"station_id":"5","arrived_at":"12000"}' }),
  ];
  const timeline = buildTimeline(events, [], 60_000);
  expect(timeline.visits).toEqual([{ stationId: "5", workOrderId: "wo-1", arrivedAt: 12_000, leftAt: null }]);
  expect(timeline.entries.find((entry) => entry.key === "a")?.corrected).toBe(true);
  expect(timeline.end).toBe(60_000);
});

test("neighbours finds the events around an instant", () => {
  const timeline = buildTimeline(EVENTS, [], 100_000);
  expect(neighbours(timeline.entries, 25_000)).toEqual({ previous: 20_000, next: 30_000 });
  expect(neighbours(timeline.entries, 0)).toEqual({ previous: null, next: 1_000 });
});
