import { screen } from "@testing-library/react";
import { alertView, fakeApi, pending, renderSignedIn } from "../test/fakeApi";
import { VehiclePage } from "./VehiclePage";

const VIN = "1HGBH41JXMN100005";
const ALERT = alertView({ alertId: "a1", timestamp: 1714234567890, stationId: "5", triggerTorqueNm: 61.8, anomalyScore: 0.97 });
const DEFECT = { eventId: "d1", code: "STEERING", description: "pulls left", detectedAt: 1714234819890, stationId: "9" };
const FORESIGHT = { sawItComing: true, leadTimeMs: 252_000, defect: DEFECT, firstAlert: ALERT };

const HISTORY = {
  workOrders: {
    edges: [
      { node: { id: "wo-1", vin: VIN, model: "sedan", state: "IN_PROGRESS", stationId: "5", createdAt: 1714234400000, lastEventAt: 1714234819890 } },
    ],
  },
  current: { alerts: [ALERT] },
};

const EVENTS = {
  workOrderEvents: [
    { eventId: "e1", workOrderId: "wo-1", eventType: "arrived", stationId: "5", occurredAt: 1714234500000, recordedAt: 1714234500000,
      correctsEventId: null, correctedByEventId: null, ecu: null, firmware: null, defectCode: null, payloadJson: null },
    { eventId: "e2", workOrderId: "wo-1", eventType: "firmware_flashed", stationId: "5", occurredAt: 1714234510000, recordedAt: 1714234510000,
      correctsEventId: null, correctedByEventId: null, ecu: "EPS", firmware: "v2.1.4", defectCode: null, payloadJson: '{"result":"OK"}' },
    { eventId: "e3", workOrderId: "wo-1", eventType: "defect_reported", stationId: "9", occurredAt: 1714234819890, recordedAt: 1714234819890,
      correctsEventId: null, correctedByEventId: null, ecu: null, firmware: null, defectCode: "STEERING", payloadJson: null },
  ],
};

function snapshot(at: number) {
  return {
    vinAt: {
      vin: VIN,
      at,
      station: { stationId: "5", workOrderId: "wo-1", arrivedAt: 1714234500000, leftAt: null },
      workOrder: { workOrderId: "wo-1", state: "IN_PROGRESS", lastEventType: "firmware_flashed", lastEventAt: 1714234510000 },
      firmware: [{ ecu: "EPS", version: "v2.1.4", flashedAt: 1714234510000, stationId: "5" }],
      samples: { from: at - 30000, to: at + 30000, downsampled: true, bucketMs: 40, totalSamples: 12000,
        points: [{ stationId: "5", timestamp: at, torque: 43.2, minTorque: 42.9, maxTorque: 61.8, count: 8 }] },
      alerts: [ALERT],
      foresight: FORESIGHT,
    },
  };
}

function params(query: string) {
  return new URLSearchParams(query);
}

test("vehicle page asks for a VIN first", () => {
  fakeApi({ RecentAlerts: pending });
  renderSignedIn(<VehiclePage params={params("")} />);
  expect(screen.getByText("Search a VIN")).toBeTruthy();
  expect(screen.getByRole("searchbox", { name: "VIN" }).getAttribute("value")).toBe("");
});

test("vehicle page rejects an invalid VIN", () => {
  fakeApi({ RecentAlerts: pending });
  renderSignedIn(<VehiclePage params={params("vin=not-a-vin!")} />);
  expect(screen.getByRole("alert").textContent).toContain("1 to 17 letters and digits");
});

test("vehicle page shows loading while the history loads", () => {
  fakeApi({ RecentAlerts: pending, VehicleHistory: pending });
  renderSignedIn(<VehiclePage params={params(`vin=${VIN}`)} />);
  expect(screen.getByText(`Loading the history of ${VIN}…`)).toBeTruthy();
});

test("vehicle page shows an error with a retry", async () => {
  fakeApi({ RecentAlerts: pending, VehicleHistory: () => new Error("vin: must be 1 to 17 letters") });
  renderSignedIn(<VehiclePage params={params(`vin=${VIN}`)} />);
  const error = await screen.findByRole("alert");
  expect(error.textContent).toContain(`The history of ${VIN} could not be loaded`);
  expect(error.textContent).toContain("vin: must be 1 to 17 letters");
});

test("vehicle page shows an empty state for an unknown VIN", async () => {
  fakeApi({
    RecentAlerts: pending,
    VehicleHistory: () => ({ workOrders: { edges: [] }, current: { alerts: [] } }),
    Foresight: () => ({ vinAt: { foresight: { sawItComing: false, leadTimeMs: null, defect: null, firstAlert: null } } }),
  });
  renderSignedIn(<VehiclePage params={params("vin=UNKNOWN1")} />);
  expect(await screen.findByText("No history for UNKNOWN1")).toBeTruthy();
});

test("vehicle page answers whether Foresight saw the defect coming", async () => {
  const at = 1714234567890;
  const api = fakeApi({
    RecentAlerts: pending,
    VehicleHistory: () => HISTORY,
    WorkOrderEvents: () => EVENTS,
    Foresight: () => ({ vinAt: { foresight: FORESIGHT } }),
    VinAt: (variables) => snapshot(variables.at as number),
  });
  renderSignedIn(<VehiclePage params={params(`vin=${VIN}&at=${at}`)} />);
  const verdicts = await screen.findAllByText("Yes, Foresight saw it coming");
  expect(verdicts.length).toBeGreaterThan(0);
  expect(screen.getAllByText("4 min 12 s").length).toBeGreaterThan(0);
  expect(await screen.findByText(/12000 samples, shown as 1 buckets of 40 ms/)).toBeTruthy();
  expect(screen.getByText("This browser cannot draw charts (no canvas).")).toBeTruthy();
  expect(screen.getByText("Flashed EPS v2.1.4 at station 5")).toBeTruthy();
  expect(screen.getByText("Defect STEERING")).toBeTruthy();
  const vinAt = api.calls.find((call) => call.operation === "VinAt");
  expect(vinAt?.variables).toEqual({ vin: VIN, at, windowMs: 30000, maxPoints: 1500 });
  const foresight = api.calls.find((call) => call.operation === "Foresight");
  expect(foresight?.variables.at).toBe(1714234400000 - 1);
});

test("vehicle page says when Foresight missed a defect", async () => {
  fakeApi({
    RecentAlerts: pending,
    VehicleHistory: () => ({ ...HISTORY, current: { alerts: [] } }),
    WorkOrderEvents: () => EVENTS,
    Foresight: () => ({ vinAt: { foresight: { sawItComing: false, leadTimeMs: null, defect: DEFECT, firstAlert: null } } }),
    VinAt: pending,
  });
  renderSignedIn(<VehiclePage params={params(`vin=${VIN}&at=1714234500000`)} />);
  expect(await screen.findByText("No, Foresight did not see it coming.")).toBeTruthy();
});
