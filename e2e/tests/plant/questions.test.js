// The quality engineer's and the auditor's questions, asked of the data the plant simulator produced and checked
// against the simulator's ground truth in $AEGIS_GROUND_TRUTH_DIR/<run>/ (./aegis test gives the run its own folder).
//
// 1. Root cause (quality role): "every torque reading above 50 Nm for VINs built with firmware v2.1.4 that later
//    reported a steering defect", through GraphQL telemetrySearch and through the plain SQL form in docs/api.md.
// 2. Time travel (auditor role): vinAt for an instant inside a finished station visit.
//
// Waiting for the first defect: the simulator reports a steering defect 30 s to 5 min after the vehicle left the
// line. A vehicle leaves the last of 6 stations 6 takts (2 min at the default 20 s takt) after its creation.
// Vehicle fates depend only on the seed and the vehicle's index. With the launcher's seed 42, vehicle 0 is flashed
// with v2.1.4 and has a steering fault. It is reported 124.7 s after it left, about 245 s after the run's start
// instant. FIRST_DEFECT_DEADLINE_MS counts from that start instant and leaves about two minutes of margin for a busy
// machine, so the wait adds at most 6 minutes to the run, and less because the other plant tests run first.
// NOTE: with another AEGIS_SIM_SEED the first v2.1.4 report may come later than the deadline.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { clickhouseRows, graphql, pollUntil } from "../../lib/stack.js";

const root = new URL("../../..", import.meta.url).pathname;
const groundTruthDir =
  process.env.AEGIS_GROUND_TRUTH_DIR ?? join(process.env.AEGIS_HOME ?? join(root, ".aegis"), "ground-truth");
const FIRMWARE = "v2.1.4";
const DEFECT = "STEERING";
const MIN_TORQUE = 50;
/** Maximum time from the run's start instant to the first v2.1.4 steering report, as explained above. */
const FIRST_DEFECT_DEADLINE_MS = 6 * 60_000;
/** Maximum time for defects and telemetry to become queryable after the simulator emitted them. */
const STORE_DEADLINE_MS = 60_000;
/** Minimum gap between the vinAt sample window and the visit's arrival or departure. */
const MARGIN_MS = 2500;

function newestRun() {
  const runs = readdirSync(groundTruthDir)
    .map((name) => join(groundTruthDir, name))
    .filter((dir) => existsSync(join(dir, "run.json")))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return runs.length > 0 ? runs[0] : undefined;
}

function jsonLines(runDir, name) {
  const file = join(runDir, name);
  if (!existsSync(file)) return [];
  // The simulator may be writing the last line while the test reads it, so only complete lines count.
  const text = readFileSync(file, "utf8");
  return text.slice(0, text.lastIndexOf("\n") + 1)
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));
}

const isSteering = (code) => code === DEFECT || code.startsWith(`${DEFECT}_`);

/** Run settings and the first steering report of a v2.1.4 vehicle, read once for both tests. */
let contextPromise;
function context() {
  contextPromise ??= (async () => {
    const runDir = await pollUntil(`a simulator run under ${groundTruthDir}`, 60_000, () => newestRun(), 1000);
    const run = JSON.parse(readFileSync(join(runDir, "run.json"), "utf8"));
    const waitMs = Math.max(run.start + FIRST_DEFECT_DEADLINE_MS - Date.now(), 1000);
    const defect = await pollUntil(
      `the first ${DEFECT} defect of a ${FIRMWARE} vehicle in ${runDir}/defects.jsonl (deadline: run start + ` +
        `${FIRST_DEFECT_DEADLINE_MS / 1000} s)`,
      waitMs,
      () => jsonLines(runDir, "defects.jsonl").find((d) => isSteering(d.code) && d.firmware === FIRMWARE),
      2000);
    return { runDir, run, defect };
  })();
  return contextPromise;
}

/**
 * Reads the steering defects that other tests reported for simulated vehicles (the dashboard test reports
 * STEERING_E2E), in the ground truth's form. The simulator reports only code STEERING from the end-of-line test.
 */
async function defectsOfOtherTests() {
  const db = process.env.AEGIS_CLICKHOUSE_DATABASE ?? "aegis";
  const rows = await clickhouseRows(
    `SELECT vin, code, detected_at FROM ${db}.defects FINAL
     WHERE (code = '${DEFECT}' OR substring(code, 1, ${DEFECT.length + 1}) = '${DEFECT}_')
       AND NOT (code = '${DEFECT}' AND source = 'end-of-line-test')`);
  return rows.map((row) => ({ vin: row.vin, code: row.code, reported_at: Number(row.detected_at) }));
}

/** Reads the steering reports of the ground truth now, with those of other tests appended. */
async function steeringReports(runDir) {
  const simulated = jsonLines(runDir, "defects.jsonl").filter((d) => isSteering(d.code));
  return [...simulated, ...(await defectsOfOtherTests())];
}

/** Reads the ground truth now: the VINs flashed with v2.1.4, and the latest steering report of each VIN. */
async function groundTruth(runDir) {
  const flashed = new Set(jsonLines(runDir, "occupancy.jsonl")
    .filter((visit) => visit.firmware === FIRMWARE && visit.flashed_at !== null && visit.flashed_at !== undefined)
    .map((visit) => visit.vin));
  const reported = new Map();
  for (const d of await steeringReports(runDir)) {
    reported.set(d.vin, Math.max(reported.get(d.vin) ?? 0, d.reported_at));
  }
  return { flashed, reported };
}

const SEARCH = `query($filter: TelemetryFilter!) {
  telemetrySearch(filter: $filter, limit: 10000) { vin stationId timestamp torque firmware workOrderId }
}`;

function searchSql(from, to, minTorque) {
  const db = process.env.AEGIS_CLICKHOUSE_DATABASE ?? "aegis";
  return `SELECT t.vin, t.station_id, t.timestamp, t.torque, t.firmware, t.work_order_id
FROM
(
    SELECT vin, station_id, timestamp, torque, firmware, work_order_id
    FROM ${db}.telemetry FINAL
    WHERE timestamp >= ${from} AND timestamp < ${to}
      AND torque > ${minTorque}
      AND vin IN (SELECT vin FROM ${db}.firmware_history FINAL WHERE firmware = '${FIRMWARE}' AND result = 'OK')
) AS t
ANY INNER JOIN
(
    SELECT vin, max(detected_at) AS last_defect_at
    FROM ${db}.defects FINAL
    WHERE code = '${DEFECT}' OR substring(code, 1, ${DEFECT.length + 1}) = '${DEFECT}_'
    GROUP BY vin
) AS d USING vin
WHERE d.last_defect_at > t.timestamp
ORDER BY t.timestamp
SETTINGS optimize_move_to_prewhere = 0`;
}

/** Formats one row as a comparable string. ClickHouse sends Int64 values quoted and GraphQL sends numbers. */
const rowKey = (r) =>
  [r.vin, r.station_id, Number(r.timestamp), Number(r.torque), r.firmware, r.work_order_id].join("|");

/**
 * Runs the search as SQL, GraphQL and SQL again until all three return the same rows and the rows satisfy READY.
 * Data that is still arriving may change the result between two reads. Returns the rows in SQL form.
 */
async function askBothWays(from, to, minTorque, ready) {
  const description = `telemetrySearch and SQL to agree for torque > ${minTorque} in [${from}, ${to})`;
  return pollUntil(description, STORE_DEADLINE_MS, async () => {
    const before = await clickhouseRows(searchSql(from, to, minTorque));
    const data = await graphql(SEARCH, {
      filter: { from, to, minTorque, builtWithFirmware: FIRMWARE, laterDefectCode: DEFECT },
    }, "quality");
    const after = await clickhouseRows(searchSql(from, to, minTorque));
    const viaGraphql = data.telemetrySearch.map((s) => ({
      vin: s.vin, station_id: s.stationId, timestamp: s.timestamp, torque: s.torque, firmware: s.firmware,
      work_order_id: s.workOrderId,
    }));
    const keys = (rows) => rows.map(rowKey).sort();
    if (!ready(after)) return undefined;
    assert.ok(after.length < 10000,
      `the result reached the 10,000-row limit of telemetrySearch; narrow [${from}, ${to})`);
    const same = JSON.stringify(keys(before)) === JSON.stringify(keys(after));
    if (!same) return undefined;
    assert.deepEqual(keys(viaGraphql), keys(after), "telemetrySearch and the SQL form return different rows");
    return after;
  }, 2000);
}

async function checkAgainstGroundTruth(rows, runDir, minTorque) {
  const { flashed, reported } = await groundTruth(runDir);
  for (const row of rows) {
    assert.ok(Number(row.torque) > minTorque,
      `torque ${row.torque} of ${row.vin} at ${row.timestamp} is not above ${minTorque}`);
    assert.ok(flashed.has(row.vin), `${row.vin} was not flashed with ${FIRMWARE} according to the ground truth`);
    assert.ok(reported.has(row.vin), `${row.vin} has no ${DEFECT} report in the ground truth`);
    assert.ok(Number(row.timestamp) < reported.get(row.vin),
      `the reading of ${row.vin} at ${row.timestamp} is not before its defect report at ${reported.get(row.vin)}`);
  }
}

test("root cause search matches ground truth", async (t) => {
  const { runDir, run, defect } = await context();
  const from = run.start;
  // The range ends after the latest v2.1.4 steering report the ground truth contains when the test starts.
  const to = 1 + Math.max(...jsonLines(runDir, "defects.jsonl")
    .filter((d) => isSteering(d.code) && d.firmware === FIRMWARE)
    .map((d) => d.reported_at));
  const maxTarget = Math.max(...Object.values(run.target_torque_nm));

  // The targets of seed 42 stay below 50 Nm (47 Nm at most), so the 50 Nm result contains only fault readings and
  // may be empty. The same search with a threshold of 80 % of the highest target must return the reported VIN.
  // That shows that the defect, the flash and the telemetry are stored and joined.
  const lowTorque = Math.floor(0.8 * maxTarget);
  await t.test(`torque above ${lowTorque} Nm names the reported VIN ${defect.vin}`, async (st) => {
    const rows = await askBothWays(from, to, lowTorque, (r) => r.some((row) => row.vin === defect.vin));
    await checkAgainstGroundTruth(rows, runDir, lowTorque);
    st.diagnostic(`${rows.length} readings above ${lowTorque} Nm from ${new Set(rows.map((r) => r.vin)).size} VINs`);
  });

  await t.test(`torque above ${MIN_TORQUE} Nm, the quality engineer's question`, async (st) => {
    const rows = await askBothWays(from, to, MIN_TORQUE, () => true);
    await checkAgainstGroundTruth(rows, runDir, MIN_TORQUE);
    st.diagnostic(`${rows.length} readings above ${MIN_TORQUE} Nm from ${new Set(rows.map((r) => r.vin)).size} VINs`);
  });
});

const VIN_AT = `query($vin: String!, $at: Long!, $windowMs: Long!) {
  vinAt(vin: $vin, at: $at, windowMs: $windowMs, maxPoints: 10000) {
    vin at
    station { stationId workOrderId arrivedAt leftAt }
    workOrder { workOrderId state lastEventType lastEventAt }
    firmware { ecu version flashedAt }
    samples { from to downsampled totalSamples points { stationId timestamp torque count } }
    alerts { alertId timestamp anomalyScore }
    foresight { sawItComing leadTimeMs defect { code detectedAt } firstAlert { alertId timestamp } }
  }
}`;

function clockFaults(runDir) {
  return jsonLines(runDir, "faults.jsonl").filter((f) => f.fault.startsWith("clock"));
}

/** Reads the VIN's first steering report at or after AT now, from the ground truth and other tests; or undefined. */
async function reportedDefect(runDir, vin, at) {
  return (await steeringReports(runDir))
    .filter((d) => d.vin === vin && d.reported_at >= at)
    .sort((a, b) => a.reported_at - b.reported_at)[0];
}

/** Checks vinAt for the VIN of VISIT at AT (by default the middle of the visit) and returns its result. */
async function checkVisit(runDir, run, visit, at = Math.floor((visit.arrived_at + visit.left_at) / 2)) {
  const expectedDefect = await reportedDefect(runDir, visit.vin, at);
  const windowMs = Math.min(5000, Math.min(at - visit.arrived_at, visit.left_at - at) - MARGIN_MS);
  assert.ok(windowMs > 0, `instant ${at} is too close to the ends of visit ${JSON.stringify(visit)}`);
  const expectedSamples = Math.floor((2 * windowMs * run.rate_hz) / 1000);

  const description = `vinAt(${visit.vin}, ${at}) with the visit's samples stored`;
  const snapshot = await pollUntil(description, STORE_DEADLINE_MS, async () => {
    const { vinAt } = await graphql(VIN_AT, { vin: visit.vin, at, windowMs }, "auditor");
    const complete = vinAt.station !== null && vinAt.samples.totalSamples >= expectedSamples &&
      (expectedDefect === undefined || vinAt.foresight.defect !== null);
    return complete ? vinAt : undefined;
  }, 1000);

  const where = `${visit.vin} at ${at} (station ${visit.station_id}, ${visit.arrived_at} to ${visit.left_at})`;
  assert.equal(snapshot.station.stationId, visit.station_id, `station of ${where}`);
  assert.equal(snapshot.station.workOrderId, visit.work_order_id, `work order of ${where}`);
  assert.equal(snapshot.station.arrivedAt, visit.arrived_at, `arrival of ${where}`);
  assert.ok(snapshot.station.leftAt === null || snapshot.station.leftAt === visit.left_at, `departure of ${where}`);
  assert.equal(snapshot.workOrder.workOrderId, visit.work_order_id, `work order state of ${where}`);

  const flashedBefore = visit.flashed_at !== null && visit.flashed_at !== undefined && visit.flashed_at <= at;
  const expectedFirmware = flashedBefore
    ? [{ ecu: run.flash_ecu, version: visit.firmware, flashedAt: visit.flashed_at }]
    : [];
  assert.deepEqual(snapshot.firmware, expectedFirmware, `firmware of ${where}`);

  assert.ok(snapshot.samples.points.length > 0, `no samples for ${where}`);
  for (const point of snapshot.samples.points) {
    assert.equal(point.stationId, visit.station_id, `sample at ${point.timestamp} of ${where}`);
    assert.ok(point.timestamp >= at - windowMs, `sample at ${point.timestamp} is before the window of ${where}`);
    assert.ok(point.timestamp <= at + windowMs, `sample at ${point.timestamp} is after the window of ${where}`);
  }

  // foresight contains the first defect at or after the instant and the VIN's first alert at or before its detection.
  const { foresight, alerts } = snapshot;
  if (expectedDefect !== undefined) {
    assert.deepEqual(foresight.defect, { code: expectedDefect.code, detectedAt: expectedDefect.reported_at },
      `defect of ${where}`);
  }
  if (expectedDefect === undefined && foresight.defect !== null) {
    // A report may have been written between reading the ground truth and the query.
    const reported = await reportedDefect(runDir, visit.vin, at);
    assert.deepEqual(foresight.defect, reported && { code: reported.code, detectedAt: reported.reported_at },
      `defect of ${where} is not the ground truth's report`);
  }
  if (foresight.defect === null) {
    assert.equal(foresight.firstAlert, null, `first alert of ${where} without a defect`);
    assert.equal(foresight.leadTimeMs, null, `lead time of ${where} without a defect`);
    assert.equal(foresight.sawItComing, false, `sawItComing of ${where} without a defect`);
    return snapshot;
  }
  assert.ok(foresight.defect.detectedAt >= at, `defect of ${where} detected before the instant`);
  for (const alert of alerts) {
    assert.ok(alert.timestamp <= at, `alert ${alert.alertId} of ${where} is after the instant`);
  }
  if (foresight.firstAlert === null) {
    assert.equal(alerts.length, 0, `${where} has alerts before its defect but no first alert`);
    assert.equal(foresight.sawItComing, false, `sawItComing of ${where} without a first alert`);
    assert.equal(foresight.leadTimeMs, null, `lead time of ${where} without a first alert`);
  } else {
    const { firstAlert, defect } = foresight;
    assert.equal(foresight.sawItComing, true, `sawItComing of ${where} with first alert ${firstAlert.alertId}`);
    assert.ok(firstAlert.timestamp <= defect.detectedAt, `first alert of ${where} after its defect`);
    assert.equal(foresight.leadTimeMs, defect.detectedAt - firstAlert.timestamp, `lead time of ${where}`);
    for (const alert of alerts) {
      assert.ok(foresight.firstAlert.timestamp <= alert.timestamp,
        `alert ${alert.alertId} of ${where} precedes the first alert ${foresight.firstAlert.alertId}`);
    }
    const db = process.env.AEGIS_CLICKHOUSE_DATABASE ?? "aegis";
    const stored = await clickhouseRows(
      `SELECT alert_id, vin, timestamp FROM ${db}.alerts FINAL WHERE alert_id = '${foresight.firstAlert.alertId}'`);
    assert.equal(stored.length, 1, `first alert ${foresight.firstAlert.alertId} of ${where} is not stored`);
    assert.equal(stored[0].vin, visit.vin, `first alert ${foresight.firstAlert.alertId} belongs to another VIN`);
    assert.equal(Number(stored[0].timestamp), foresight.firstAlert.timestamp,
      `timestamp of first alert ${foresight.firstAlert.alertId}`);
  }
  return snapshot;
}

test("vinAt inside visits matches ground truth", async (t) => {
  const { runDir, run, defect } = await context();
  const skewed = clockFaults(runDir);
  const usable = (visit) => visit.left_at !== null && visit.left_at !== undefined &&
    !skewed.some((f) => f.station_id === visit.station_id && f.start < visit.left_at && f.end > visit.arrived_at);
  const visits = jsonLines(runDir, "occupancy.jsonl").filter(usable);

  // Each case prefers the reported vehicle: after its flash, at the steering station where its fault shows, and
  // before any flash. Another vehicle's visit replaces the reported one's when a clock fault overlaps it.
  const steeringStation = run.faults.steeringStation ?? "5";
  const firstVisit = (predicate) =>
    visits.find((v) => v.vin === defect.vin && predicate(v)) ?? visits.find(predicate);
  const cases = [
    ["after the flash", firstVisit((v) => v.station_id === run.flash_station && v.flashed_at !== null)],
    ["at the steering station", firstVisit((v) => v.station_id === steeringStation)],
    ["before the flash", firstVisit((v) => v.station_id === "1")],
  ];
  for (const [name, visit] of cases) {
    await t.test(name, async (st) => {
      assert.ok(visit, `no finished visit ${name} outside clock faults in ${runDir}/occupancy.jsonl`);
      const snapshot = await checkVisit(runDir, run, visit);
      st.diagnostic(`${visit.vin} at station ${visit.station_id}: ${snapshot.samples.totalSamples} samples, ` +
        `${snapshot.alerts.length} alerts, foresight ${JSON.stringify(snapshot.foresight)}`);
    });
  }

  // Whether the scorer raised an alert before a reported defect depends on the model, so this case runs only when
  // one is stored. At the instant of that alert, vinAt must report that the predictor saw the defect coming.
  await t.test("at an alert before a defect", async (st) => {
    const alert = await firstAlertBeforeReport(runDir, visits);
    if (alert === undefined) {
      st.skip("no stored alert of a reported vehicle inside a finished visit outside clock faults");
      return;
    }
    const snapshot = await checkVisit(runDir, run, alert.visit, alert.timestamp);
    assert.equal(snapshot.foresight.sawItComing, true, `sawItComing at alert ${alert.alertId} of ${alert.visit.vin}`);
    assert.ok(snapshot.alerts.some((a) => a.alertId === alert.alertId),
      `vinAt(${alert.visit.vin}, ${alert.timestamp}) does not return alert ${alert.alertId}`);
    st.diagnostic(`${alert.visit.vin} at ${alert.timestamp}: foresight ${JSON.stringify(snapshot.foresight)}`);
  });
});

/**
 * Finds a stored alert of a VIN with a steering report in the ground truth, raised before the report, whose instant
 * leaves room for a sample window inside one of VISITS. Returns { alertId, timestamp, visit } or undefined.
 */
async function firstAlertBeforeReport(runDir, visits) {
  const db = process.env.AEGIS_CLICKHOUSE_DATABASE ?? "aegis";
  for (const report of jsonLines(runDir, "defects.jsonl")) {
    const alerts = await clickhouseRows(
      `SELECT alert_id, timestamp FROM ${db}.alerts FINAL
       WHERE vin = '${report.vin}' AND timestamp <= ${report.reported_at} ORDER BY timestamp`);
    for (const { alert_id: alertId, timestamp } of alerts) {
      const at = Number(timestamp);
      const visit = visits.find((v) => v.vin === report.vin &&
        at - v.arrived_at > MARGIN_MS + 1000 && v.left_at - at > MARGIN_MS + 1000);
      if (visit !== undefined) return { alertId, timestamp: at, visit };
    }
  }
  return undefined;
}
