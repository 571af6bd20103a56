import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { alertJson, alertView, fakeApi, pending, renderSignedIn } from "../test/fakeApi";
import { AlertsPage } from "./AlertsPage";

test("alerts page shows a loading state", () => {
  fakeApi({ RecentAlerts: pending });
  renderSignedIn(<AlertsPage />);
  expect(screen.getByText("Loading recent alerts…")).toBeTruthy();
});

test("alerts page shows an empty state", async () => {
  fakeApi({ RecentAlerts: () => ({ recentAlerts: [] }) });
  renderSignedIn(<AlertsPage />);
  expect(await screen.findByText("No alerts")).toBeTruthy();
});

test("alerts page shows a load error and still follows the stream", async () => {
  const api = fakeApi({ RecentAlerts: () => new Error("ClickHouse is unavailable") });
  renderSignedIn(<AlertsPage />);
  expect((await screen.findByRole("alert")).textContent).toContain("ClickHouse is unavailable");
  await vi.waitFor(() => expect(api.streams).toHaveLength(1));
  api.streams[0]!.send(`id: 3\nevent: alert\ndata: ${alertJson()}\n\n`);
  expect(await screen.findByRole("cell", { name: "61.80 Nm" })).toBeTruthy();
});

test("alerts page lists stream alerts newest first and resumes after loaded ones", async () => {
  const api = fakeApi({ RecentAlerts: () => ({ recentAlerts: [alertView({ alertId: "old", streamSeq: 40, timestamp: 1714234000000 })] }) });
  renderSignedIn(<AlertsPage />);
  await screen.findByRole("table");
  await vi.waitFor(() => expect(api.streams).toHaveLength(1));
  expect(api.streams[0]!.headers["last-event-id"]).toBe("40");
  api.streams[0]!.send(`id: 41\nevent: alert\ndata: ${alertJson({ alert_id: "new", station_id: "7", vin: "VIN7" })}\n\n`);
  await screen.findByRole("cell", { name: "VIN7" });
  const rows = within(screen.getByRole("table")).getAllByRole("row").slice(1);
  expect(rows.map((row) => row.getAttribute("data-alert-id"))).toEqual(["new", "old"]);
  expect(within(rows[0]!).getByRole("link", { name: "VIN7" }).getAttribute("href")).toBe("#/vehicle?vin=VIN7&at=1714234567890");
  expect(rows[0]!.textContent).toContain("0.97");
  expect(rows[0]!.textContent).toContain("zscore 3");
  expect(screen.getAllByText("Live").length).toBeGreaterThan(0);

  await userEvent.selectOptions(screen.getByLabelText("Station"), "7");
  expect(within(screen.getByRole("table")).getAllByRole("row")).toHaveLength(2);
});

test("alerts page shows reconnecting and resynced states", async () => {
  const api = fakeApi({ RecentAlerts: () => ({ recentAlerts: [] }) });
  renderSignedIn(<AlertsPage />);
  await vi.waitFor(() => expect(api.streams).toHaveLength(1));
  api.streams[0]!.close();
  expect((await screen.findAllByText("Reconnecting")).length).toBeGreaterThan(0);
  await vi.waitFor(() => expect(api.streams).toHaveLength(2), { timeout: 3000 });
  api.streams[1]!.send('id: 90\nevent: resync\ndata: {"reason":"retention","resume_after":90}\n\n');
  expect((await screen.findAllByText("Resynced")).length).toBeGreaterThan(0);
  expect(api.calls.filter((call) => call.operation === "RecentAlerts").length).toBe(2);
});

test("a rejected stream key signs out", async () => {
  fakeApi({ RecentAlerts: () => ({ recentAlerts: [] }) }, 403);
  const signOut = vi.fn();
  renderSignedIn(<AlertsPage />, signOut);
  await vi.waitFor(() => expect(signOut).toHaveBeenCalled());
  expect(signOut.mock.calls[0]?.[0]).toContain("403");
});
