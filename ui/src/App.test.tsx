import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "./App";
import { HttpStatus, fakeApi, pending } from "./test/fakeApi";

test("sign-in rejects a key the api refuses", async () => {
  fakeApi({ VerifyKey: () => new HttpStatus(401) });
  render(<App />);
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("API key"), "wrong");
  await user.click(screen.getByRole("button", { name: "Sign in" }));
  expect((await screen.findByRole("alert")).textContent).toContain("The api rejected this key");
  expect(sessionStorage.getItem("aegis.apiKey")).toBeNull();
});

test("sign-in keeps an accepted key for the tab and opens the overview", async () => {
  const api = fakeApi({ VerifyKey: () => ({ __typename: "Query" }), LineOverview: pending, RecentAlerts: pending });
  render(<App />);
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("API key"), "dev-supervisor-abc");
  await user.click(screen.getByRole("button", { name: "Sign in" }));
  expect(await screen.findByRole("heading", { name: "Line overview" })).toBeTruthy();
  expect(sessionStorage.getItem("aegis.apiKey")).toBe("dev-supervisor-abc");
  expect(api.calls.every((call) => call.apiKey === "dev-supervisor-abc")).toBe(true);
});

test("a key rejected later returns to sign-in with the reason", async () => {
  sessionStorage.setItem("aegis.apiKey", "revoked");
  fakeApi({ LineOverview: () => new HttpStatus(403), RecentAlerts: pending });
  render(<App />);
  expect((await screen.findByRole("alert")).textContent).toContain("The api rejected the API key (HTTP 403)");
  expect(screen.getByLabelText("API key")).toBeTruthy();
  expect(sessionStorage.getItem("aegis.apiKey")).toBeNull();
});

test("an unknown address shows page not found", async () => {
  sessionStorage.setItem("aegis.apiKey", "key");
  fakeApi({ RecentAlerts: pending });
  window.location.hash = "#/nowhere";
  render(<App />);
  expect(screen.getByRole("heading", { name: "Page not found" })).toBeTruthy();
});
