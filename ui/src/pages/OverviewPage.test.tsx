import { screen, within } from "@testing-library/react";
import { alertView, fakeApi, pending, renderSignedIn } from "../test/fakeApi";
import { OverviewPage } from "./OverviewPage";

const STATION = {
  id: "5",
  vin: "1HGBH41JXMN100005",
  workOrderId: "wo-5",
  arrivedAt: 1714234500000,
  firmware: "v2.1.4",
  workOrder: { id: "wo-5", state: "IN_PROGRESS" },
  lastSample: { seq: 1, timestamp: 1714234567890, torque: 43.21 },
};

test("overview shows a loading state", () => {
  fakeApi({ LineOverview: pending, RecentAlerts: pending });
  renderSignedIn(<OverviewPage />);
  expect(screen.getByRole("status")).toHaveProperty("textContent", "Loading stations…");
});

test("overview shows an empty state without stations", async () => {
  fakeApi({ LineOverview: () => ({ stations: [] }), RecentAlerts: () => ({ recentAlerts: [] }) });
  renderSignedIn(<OverviewPage />);
  expect(await screen.findByText("No stations yet")).toBeTruthy();
});

test("overview shows an error with a retry", async () => {
  fakeApi({ LineOverview: () => new Error("ClickHouse query stations timed out"), RecentAlerts: () => ({ recentAlerts: [] }) });
  renderSignedIn(<OverviewPage />);
  const error = await screen.findByRole("alert");
  expect(error.textContent).toContain("Stations could not be loaded");
  expect(error.textContent).toContain("ClickHouse query stations timed out");
  expect(within(error).getByRole("button", { name: "Retry" })).toBeTruthy();
});

test("overview tile shows station facts and its last alert", async () => {
  fakeApi({
    LineOverview: () => ({ stations: [STATION, { ...STATION, id: "6", vin: null, workOrderId: null, workOrder: null, firmware: null, lastSample: null }] }),
    RecentAlerts: () => ({ recentAlerts: [alertView({ stationId: "5", triggerTorqueNm: 61.8 })] }),
  });
  renderSignedIn(<OverviewPage />);
  const tiles = await screen.findByRole("list", { name: "Stations" });
  const [five, six] = within(tiles).getAllByRole("listitem");
  expect(within(five!).getByRole("link", { name: "Station 5: replay vehicle 1HGBH41JXMN100005" }).getAttribute("href")).toBe(
    "#/vehicle?vin=1HGBH41JXMN100005",
  );
  expect(five!.textContent).toContain("IN PROGRESS");
  expect(five!.textContent).toContain("v2.1.4");
  expect(five!.textContent).toContain("43.21 Nm");
  expect(await within(five!).findByText("Alert")).toBeTruthy();
  expect(five!.textContent).toContain("61.80 Nm");
  expect(six!.textContent).toContain("empty");
  expect(six!.textContent).toContain("No recent alert");
});
