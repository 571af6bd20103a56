// The product brief's example, end to end: station 5 holds VIN 1HGBH41JXMN100005 with firmware v2.1.4, a
// 43.21 Nm sample taken at 1714234567890 is stored with that VIN and firmware, and a 61.8 Nm spike raises a
// DefectAlert that reaches a live SSE client within one second of being published.
//
// The VIN's check digit (position 9, 'X') is wrong; the correct digit is '1'. The work order is created under the
// lenient VIN policy, which accepts it and flags it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { callApi, clickhouseRows, graphql, openEventStream, pollUntil } from "../../lib/stack.js";
import { openNats, publishSample } from "../../lib/telemetry.js";

const VIN = "1HGBH41JXMN100005";
const STATION = "5";
const FIRMWARE = "v2.1.4";
const SAMPLE_TIME = 1714234567890;
const WORK_ORDER = `wo-e2e-${Date.now()}`;

let nc;
before(async () => {
  nc = await openNats();
});
after(async () => {
  await nc?.drain();
});

async function command(path, body) {
  const response = await callApi("POST", path, { body });
  assert.ok(response.status >= 200, `${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  assert.ok(response.status < 300, `${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

test("brief example is stored enriched and alerted", async () => {
  const created = await command("/api/workorders", {
    work_order_id: WORK_ORDER,
    vin: VIN,
    model: "e2e-sedan",
    route: [{ station_id: STATION, operation: "tighten-steering-rack", flashes_firmware: true }],
    vin_policy: "LENIENT",
    occurred_at: SAMPLE_TIME - 60_000,
  });
  assert.ok(created.vin_flags.includes("CHECK_DIGIT_MISMATCH"), `vin_flags: ${JSON.stringify(created.vin_flags)}`);
  await command(`/api/workorders/${WORK_ORDER}/release`, { occurred_at: SAMPLE_TIME - 55_000 });
  await command(`/api/workorders/${WORK_ORDER}/arrive`, { station_id: STATION, occurred_at: SAMPLE_TIME - 50_000 });
  await command(`/api/workorders/${WORK_ORDER}/firmware`, {
    station_id: STATION, ecu: "EPS", version: FIRMWARE, result: "OK", occurred_at: SAMPLE_TIME - 40_000,
  });

  // The station's state is established before tightening starts, as on a real line: the MES events have
  // reached the read side.
  await pollUntil(`station ${STATION} showing ${VIN} with ${FIRMWARE}`, 30_000, async () => {
    const { station } = await graphql("query ($id: ID!) { station(id: $id) { vin firmware } }", { id: STATION });
    return station?.vin === VIN && station?.firmware === FIRMWARE ? station : undefined;
  }, 200);

  const stream = openEventStream(`/api/alerts/stream?station_id=${STATION}`);
  await stream.connected;
  try {
    // A steady run of normal tightening torque first, so the station's baseline exists.
    for (let i = 20; i >= 1; i--) {
      await publishSample(nc, { station_id: STATION, torque: 43.0 + (i % 5) * 0.1, timestamp: SAMPLE_TIME - i * 10 });
    }
    await publishSample(nc, { station_id: STATION, torque: 43.21, timestamp: SAMPLE_TIME });
    const spikePublishedAt = await publishSample(nc, { station_id: STATION, torque: 61.8, timestamp: SAMPLE_TIME + 10 });

    const alert = await pollUntil("the 61.8 Nm DefectAlert on the SSE stream", 1000, () =>
      stream.events.find((e) => e.event === "alert" && e.data.station_id === STATION && e.data.trigger_torque_nm === 61.8),
    10);
    assert.equal(alert.data.timestamp, SAMPLE_TIME + 10);
    assert.ok(alert.data.anomaly_score > 0, `anomaly_score ${alert.data.anomaly_score}`);
    assert.ok(alert.data.anomaly_score <= 1, `anomaly_score ${alert.data.anomaly_score}`);
    assert.match(alert.id, /^[0-9]+$/, "the SSE id is the alert's JetStream sequence");
    console.log(`alert reached the SSE client ${alert.receivedAt - spikePublishedAt} ms after the publish ack`);
  } finally {
    stream.close();
  }

  const rows = await pollUntil("the 43.21 Nm sample in ClickHouse", 30_000, async () => {
    const found = await clickhouseRows(
      `SELECT station_id, torque, timestamp, vin, firmware, status, vin_flags FROM telemetry FINAL
       WHERE station_id = '${STATION}' AND timestamp = ${SAMPLE_TIME}`);
    return found.length > 0 && found[0].vin !== "" ? found : undefined;
  });
  assert.equal(rows.length, 1);
  assert.equal(rows[0].torque, 43.21);
  assert.equal(rows[0].vin, VIN);
  assert.equal(rows[0].firmware, FIRMWARE);
  assert.equal(rows[0].status, "JOINED");
  assert.match(rows[0].vin_flags, /CHECK_DIGIT_MISMATCH/, "the stored row carries the VIN's lenient-policy flag");

  // The live alert names the VIN only where the scorer had already received the arrival. The stored alert
  // carries the VIN that occupied the station at the spike's timestamp.
  const alerts = await pollUntil("the alert row in ClickHouse", 30_000, async () => {
    const found = await clickhouseRows(
      `SELECT trigger_torque_nm, vin, firmware FROM alerts FINAL WHERE station_id = '${STATION}' AND timestamp = ${SAMPLE_TIME + 10}`);
    return found.length > 0 ? found : undefined;
  });
  assert.equal(alerts[0].trigger_torque_nm, 61.8);
  assert.equal(alerts[0].vin, VIN);
  assert.equal(alerts[0].firmware, FIRMWARE);

  await command(`/api/workorders/${WORK_ORDER}/leave`, { station_id: STATION, occurred_at: SAMPLE_TIME + 5_000 });
});
