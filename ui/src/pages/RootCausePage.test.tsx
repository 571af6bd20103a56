import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeApi, pending, renderSignedIn } from "../test/fakeApi";
import { RootCausePage } from "./RootCausePage";

const ROWS = [
  { stationId: "5", seq: 1, timestamp: 1714234567890, torque: 61.8, angleDeg: 12.5, vin: "1HGBH41JXMN100005", firmware: "v2.1.4", workOrderId: "wo-1", status: "JOINED" },
  { stationId: "5", seq: 2, timestamp: 1714234567900, torque: 55.1, angleDeg: null, vin: "1HGBH41JXMN100005", firmware: "v2.1.4", workOrderId: "wo-1", status: "JOINED" },
];

async function search(values: Record<string, string> = {}) {
  const user = userEvent.setup();
  for (const [label, value] of Object.entries(values)) {
    const input = screen.getByLabelText(label);
    await user.clear(input);
    await user.type(input, value);
  }
  await user.click(screen.getByRole("button", { name: "Search" }));
  return user;
}

test("root cause starts with an empty prompt", () => {
  fakeApi({ RecentAlerts: pending });
  renderSignedIn(<RootCausePage />);
  expect(screen.getByText("No search yet")).toBeTruthy();
});

test("root cause names invalid fields and sends nothing", async () => {
  const api = fakeApi({ RecentAlerts: pending });
  renderSignedIn(<RootCausePage />);
  await search({ "Torque above (Nm)": "fifty", "From (UTC)": "2024-13-01 00:00:00" });
  expect(screen.getByText("Enter a number of newton-metres.")).toBeTruthy();
  expect(screen.getByText("Use YYYY-MM-DD HH:MM:SS in UTC.")).toBeTruthy();
  expect(api.calls.filter((call) => call.operation === "TelemetrySearch")).toHaveLength(0);
});

test("root cause shows loading while it searches", async () => {
  fakeApi({ RecentAlerts: pending, TelemetrySearch: pending });
  renderSignedIn(<RootCausePage />);
  await search();
  expect(screen.getByText("Searching telemetry…")).toBeTruthy();
});

test("root cause shows the api error", async () => {
  fakeApi({ RecentAlerts: pending, TelemetrySearch: () => new Error("to: must be at most 2678400000 ms after from") });
  renderSignedIn(<RootCausePage />);
  await search();
  expect((await screen.findByRole("alert")).textContent).toContain("must be at most 2678400000 ms");
});

test("root cause shows an empty result", async () => {
  fakeApi({ RecentAlerts: pending, TelemetrySearch: () => ({ telemetrySearch: [] }) });
  renderSignedIn(<RootCausePage />);
  await search();
  expect(await screen.findByText("No samples match")).toBeTruthy();
});

test("root cause sends the filter and exports the rows as CSV", async () => {
  const api = fakeApi({ RecentAlerts: pending, TelemetrySearch: () => ({ telemetrySearch: ROWS }) });
  const blobs: Blob[] = [];
  // jsdom implements neither object URLs nor downloads; these stand-ins capture the file instead.
  vi.stubGlobal("URL", Object.assign(URL, {
    createObjectURL: (blob: Blob) => {
      blobs.push(blob);
      return "blob:test";
    },
    revokeObjectURL: () => undefined,
  }));
  const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => undefined);
  renderSignedIn(<RootCausePage />);
  const user = await search({
    "From (UTC)": "2024-04-27 00:00:00",
    "To (UTC)": "2024-04-28 00:00:00",
    "Torque above (Nm)": "50",
    "Built with firmware": "v2.1.4",
    "Later defect code": "STEERING",
  });
  expect(await screen.findByText("2 samples from 1 VIN", { exact: false })).toBeTruthy();
  expect(screen.getAllByRole("row")).toHaveLength(3);
  const call = api.calls.find((c) => c.operation === "TelemetrySearch");
  expect(call?.variables).toEqual({
    filter: { from: 1714176000000, to: 1714262400000, minTorque: 50, builtWithFirmware: "v2.1.4", laterDefectCode: "STEERING" },
    limit: 1000,
  });

  await user.click(screen.getByRole("button", { name: "Export CSV" }));
  expect(click).toHaveBeenCalledTimes(1);
  expect(blobs).toHaveLength(1);
  const text = await blobs[0]!.text();
  const lines = text.split("\r\n");
  expect(lines[0]).toBe("timestamp_ms,time_utc,station_id,seq,torque_nm,angle_deg,vin,firmware,work_order_id,status");
  expect(lines[1]).toBe("1714234567890,2024-04-27T16:16:07.890Z,5,1,61.8,12.5,1HGBH41JXMN100005,v2.1.4,wo-1,JOINED");
  expect(lines[2]).toBe("1714234567900,2024-04-27T16:16:07.900Z,5,2,55.1,,1HGBH41JXMN100005,v2.1.4,wo-1,JOINED");
  expect(lines).toHaveLength(4);
});

test("root cause runs the same search again", async () => {
  let calls = 0;
  fakeApi({ RecentAlerts: pending, TelemetrySearch: () => ({ telemetrySearch: calls++ === 0 ? [] : ROWS }) });
  renderSignedIn(<RootCausePage />);
  const user = await search();
  expect(await screen.findByText("No samples match")).toBeTruthy();
  await user.click(screen.getByRole("button", { name: "Search" }));
  expect(await screen.findByText("2 samples from 1 VIN", { exact: false })).toBeTruthy();
  expect(calls).toBe(2);
});
