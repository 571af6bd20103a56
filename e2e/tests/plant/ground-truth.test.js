// The demo's promise: within two minutes of the plant simulator starting, ClickHouse holds telemetry whose VIN and
// firmware match the simulator's ground truth for that station and time. The ground truth is what the simulator
// wrote to $AEGIS_GROUND_TRUTH_DIR/<run>/occupancy.jsonl (./aegis test gives the run a folder of its own): which
// vehicle occupied which station when, and when its firmware was flashed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { clickhouseRows, pollUntil } from "../../lib/stack.js";

const root = new URL("../../..", import.meta.url).pathname;
const groundTruthDir = process.env.AEGIS_GROUND_TRUTH_DIR ?? join(process.env.AEGIS_HOME ?? join(root, ".aegis"), "ground-truth");
/** Samples this close to a vehicle's arrival, departure or flash are skipped: station clocks may drift by that much. */
const MARGIN_MS = 2500;
const CLOSED_VISITS_NEEDED = 3;

function newestRun() {
  const runs = readdirSync(groundTruthDir)
    .map((name) => join(groundTruthDir, name))
    .filter((dir) => existsSync(join(dir, "occupancy.jsonl")))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  assert.ok(runs.length > 0, `no simulator run under ${groundTruthDir}`);
  return runs[0];
}

function closedVisits(runDir) {
  return readFileSync(join(runDir, "occupancy.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line))
    .filter((visit) => visit.left_at !== null && visit.left_at !== undefined);
}

function clockFaultStations(runDir) {
  const file = join(runDir, "faults.jsonl");
  if (!existsSync(file)) return new Set();
  return new Set(readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "")
    .map((line) => JSON.parse(line))
    .filter((fault) => fault.fault.startsWith("clock"))
    .map((fault) => fault.station_id));
}

/** Returns the inner windows of a visit in which one firmware value is expected, each as [from, to, firmware]. */
function expectedWindows(visit) {
  const from = visit.arrived_at + MARGIN_MS;
  const to = visit.left_at - MARGIN_MS;
  if (visit.flashed_at === null || visit.flashed_at === undefined) {
    return [[from, to, visit.firmware]];
  }
  return [
    [from, Math.min(to, visit.flashed_at - MARGIN_MS), ""],
    [Math.max(from, visit.flashed_at + MARGIN_MS), to, visit.firmware],
  ].filter(([start, end]) => end > start);
}

test("stored VIN and firmware match ground truth", async () => {
  const runDir = await pollUntil("a simulator run with ground truth", 60_000, () => {
    try {
      return newestRun();
    } catch {
      return undefined;
    }
  }, 1000);
  const visits = await pollUntil(`${CLOSED_VISITS_NEEDED} finished station visits in ${runDir}`, 120_000, () => {
    const closed = closedVisits(runDir);
    return closed.length >= CLOSED_VISITS_NEEDED ? closed : undefined;
  }, 1000);
  const skipped = clockFaultStations(runDir);

  let checked = 0;
  for (const visit of visits.filter((v) => !skipped.has(v.station_id))) {
    for (const [from, to, firmware] of expectedWindows(visit)) {
      const counts = await pollUntil(`stored samples of station ${visit.station_id} in [${from}, ${to})`, 30_000, async () => {
        const [row] = await clickhouseRows(
          `SELECT count() AS total, countIf(vin = '${visit.vin}') AS vin_matches,
                  countIf(firmware = '${firmware}') AS firmware_matches, countIf(vin = '') AS without_vin
           FROM telemetry FINAL
           WHERE station_id = '${visit.station_id}' AND timestamp >= ${from} AND timestamp < ${to}`);
        return Number(row.total) > 0 && Number(row.without_vin) === 0 ? row : undefined;
      }, 1000);
      const total = Number(counts.total);
      assert.equal(Number(counts.vin_matches), total, `station ${visit.station_id} [${from}, ${to}): VIN ${visit.vin}`);
      assert.equal(Number(counts.firmware_matches), total, `station ${visit.station_id} [${from}, ${to}): firmware '${firmware}'`);
      checked += total;
    }
  }
  assert.ok(checked > 0, "no sample was compared with the ground truth");
  console.log(`compared ${checked} stored samples of ${visits.length} finished visits with the ground truth`);
});
