import { formatDuration, formatTorque, formatUtc, parseUtc } from "./format";

test("formatUtc prints UTC regardless of the time zone", () => {
  expect(formatUtc(1714234567890)).toBe("2024-04-27 16:16:07.890 UTC");
  expect(formatUtc(1714234567890, false)).toBe("2024-04-27 16:16:07 UTC");
});

test("parseUtc reads what formatUtc writes", () => {
  expect(parseUtc("2024-04-27 16:16:07")).toBe(1714234567000);
  expect(parseUtc("2024-04-27T16:16:07.89Z")).toBe(1714234567890);
  expect(parseUtc("2024-04-27 16:16 UTC")).toBe(1714234560000);
  expect(parseUtc("1714234567890")).toBe(1714234567890);
});

test("parseUtc rejects impossible dates and junk", () => {
  expect(parseUtc("2024-02-31 10:00:00")).toBeNull();
  expect(parseUtc("2024-04-27 25:00:00")).toBeNull();
  expect(parseUtc("yesterday")).toBeNull();
});

test("formatDuration picks readable units", () => {
  expect(formatDuration(850)).toBe("850 ms");
  expect(formatDuration(4_500)).toBe("4.5 s");
  expect(formatDuration(252_000)).toBe("4 min 12 s");
  expect(formatDuration(7_380_000)).toBe("2 h 3 min");
});

test("formatTorque never prints negative zero", () => {
  expect(formatTorque(-0.001)).toBe("0.00 Nm");
  expect(formatTorque(-1.234)).toBe("-1.23 Nm");
  expect(formatTorque(61.8)).toBe("61.80 Nm");
});
