// Real Bosch Rexroth CS351 tightening files, uploaded to the running edge bridge, land in ClickHouse tied to the
// vehicle that occupied the station when each tightening ran.
//
// The two files were recorded in 2022 and 2024; their dates carry no time zone and the bridge reads them as UTC
// (aegis.files.zone). Each file gets its own vehicle, whose visit to the station is sent to the MES command path
// before the upload, as a line would have it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { callApi, clickhouseRows, graphql, pollUntil } from "../../lib/stack.js";

const edgeUrl = `http://127.0.0.1:${process.env.AEGIS_EDGE_PORT ?? "8085"}`;
const folder = new URL("../../../edge-bridge/src/test/resources/rexroth/", import.meta.url);
const STATION = "cs351";
const run = Date.now();

// Valid VINs (check digit at position 9); model years N = 2022 and R = 2024, as the files.
const FILES = [
  { name: "Ch_000001596334.json", vin: "WBA3A5C51NF351001", started: Date.UTC(2022, 8, 5, 13, 43, 39) },
  { name: "Ch_000001621524.json", vin: "WBA3A5C56RF351002", started: Date.UTC(2024, 8, 4, 18, 28, 7) },
];

async function command(path, body) {
  const response = await callApi("POST", path, { body });
  assert.ok(response.status >= 200, `${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  assert.ok(response.status < 300, `${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

async function upload(content) {
  const response = await fetch(`${edgeUrl}/api/files/rexroth?station=${STATION}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: content,
  });
  return { status: response.status, body: await response.json() };
}

// Sends the MES events of one vehicle's visit: it arrives a minute before the tightening starts and leaves a
// minute after, long after the file's last sample (the runs last under two seconds).
async function visit(file, workOrder) {
  await command("/api/workorders", {
    work_order_id: workOrder,
    vin: file.vin,
    model: "e2e-cs351",
    route: [{ station_id: STATION, operation: "tighten-m6" }],
    occurred_at: file.started - 120_000,
  });
  await command(`/api/workorders/${workOrder}/release`, { occurred_at: file.started - 90_000 });
  await command(`/api/workorders/${workOrder}/arrive`, { station_id: STATION, occurred_at: file.started - 60_000 });
  await command(`/api/workorders/${workOrder}/leave`, { station_id: STATION, occurred_at: file.started + 60_000 });
  // Closed, so that a second run of this test may build the same VIN again.
  await command(`/api/workorders/${workOrder}/complete`, { occurred_at: file.started + 70_000 });
  await command(`/api/workorders/${workOrder}/close`, { occurred_at: file.started + 80_000 });
}

test("CS351 files stored with occupying VIN", async () => {
  for (const [index, file] of FILES.entries()) {
    await visit(file, `wo-e2e-cs351-${run}-${index}`);
  }
  // The MES events reach the read side before the files arrive.
  await pollUntil(`both visits to station ${STATION} in the history`, 30_000, async () => {
    const rows = await clickhouseRows(
      `SELECT vin FROM station_occupancy FINAL WHERE station_id = '${STATION}' AND left_at > 0`);
    const vins = new Set(rows.map((r) => r.vin));
    return FILES.every((f) => vins.has(f.vin)) ? rows : undefined;
  }, 250);

  for (const file of FILES) {
    const content = readFileSync(new URL(file.name, folder));
    const first = await upload(content);
    assert.equal(first.status, 201, `upload of ${file.name}: ${JSON.stringify(first.body)}`);
    assert.equal(first.body.stationId, STATION);
    assert.equal(first.body.firstTimestamp, file.started,
      `${file.name}: the first sample is at the file's date, read as UTC`);
    file.imported = first.body;
    // A repeated upload (a gateway retrying after a lost response) stores nothing twice.
    const again = await upload(content);
    assert.equal(again.status, 201, `second upload of ${file.name}: ${JSON.stringify(again.body)}`);
  }

  for (const file of FILES) {
    const samples = file.imported.samples;
    const from = file.imported.firstTimestamp;
    const to = file.imported.lastTimestamp;
    assert.ok(samples > 100, `${file.name}: ${samples} samples imported`);
    const rows = await pollUntil(`${samples} samples of ${file.name} in ClickHouse`, 60_000, async () => {
      const found = await clickhouseRows(
        `SELECT count() AS n, countIf(vin = '${file.vin}' AND status = 'JOINED') AS joined,
                uniqExact(vin) AS vins, min(torque) AS low, max(torque) AS high
         FROM telemetry FINAL WHERE station_id = '${STATION}' AND timestamp BETWEEN ${from} AND ${to}`);
      return Number(found[0].n) === samples && Number(found[0].joined) === samples ? found[0] : undefined;
    }, 500);
    assert.equal(Number(rows.vins), 1, `${file.name}: every sample carries ${file.vin}`);
    assert.ok(rows.high > rows.low, `${file.name}: torque varies along the curve (${rows.low}..${rows.high} Nm)`);

    const results = await pollUntil(`the tightening result of ${file.name} in ClickHouse`, 30_000, async () => {
      const found = await clickhouseRows(
        `SELECT tightening_id, vin, ok, final_torque FROM tightening_results FINAL
         WHERE station_id = '${STATION}' AND tightening_id = '${file.imported.tighteningId}'`);
      return found.length > 0 ? found : undefined;
    }, 500);
    assert.equal(results.length, 1, `${file.name}: one result row after two uploads`);
    assert.equal(results[0].vin, file.vin);
    assert.equal(results[0].ok, 1);
  }

  // The auditor's view of each vehicle shows the station, the whole curve and the result of its tightening.
  for (const file of FILES) {
    const { vinAt } = await graphql(
      `query ($vin: String!, $at: Long!) {
         vinAt(vin: $vin, at: $at, windowMs: 5000) {
           station { stationId }
           samples { totalSamples }
           tighteningResults { tighteningId vin }
         }
       }`,
      { vin: file.vin, at: file.started }, "auditor");
    assert.equal(vinAt.station?.stationId, STATION, `${file.name}: vinAt station ${JSON.stringify(vinAt.station)}`);
    assert.equal(Number(vinAt.samples.totalSamples), file.imported.samples, `${file.name}: samples in vinAt`);
    assert.deepEqual(vinAt.tighteningResults.map((r) => r.vin), [file.vin], `${file.name}: results in vinAt`);
  }
});

test("invalid file rejected with field and rule", async () => {
  const response = await upload(JSON.stringify({ format: "channel", date: "05.09.2022 13:43" }));
  assert.equal(response.status, 400, JSON.stringify(response.body));
  assert.ok(response.body.field, `the answer names the field: ${JSON.stringify(response.body)}`);
  assert.ok(response.body.rule, `the answer names the rule: ${JSON.stringify(response.body)}`);
});
