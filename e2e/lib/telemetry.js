// Publishes raw torque samples to JetStream the way a third-party gateway would: JSON bodies on
// <root>.telemetry.<station_id>, acknowledged by the stream.
import { connect, headers, StringCodec } from "nats";
import { natsUrl } from "./stack.js";

export const subjectRoot = process.env.AEGIS_NATS_SUBJECT_ROOT ?? "aegis";

export async function openNats() {
  const options = { servers: natsUrl.replace(/^nats:\/\//, ""), name: "aegis-e2e" };
  if (process.env.AEGIS_NATS_USER) {
    options.user = process.env.AEGIS_NATS_USER;
    options.pass = process.env.AEGIS_NATS_PASSWORD ?? "";
  }
  return connect(options);
}

/** Publishes one sample and resolves with the publish time once JetStream has acknowledged it. */
export async function publishSample(nc, sample) {
  const h = headers();
  h.set("Content-Type", "application/json");
  const codec = StringCodec();
  const publishedAt = Date.now();
  await nc.jetstream().publish(`${subjectRoot}.telemetry.${sample.station_id}`, codec.encode(JSON.stringify(sample)), {
    headers: h,
    msgID: `e2e:${sample.station_id}:${sample.timestamp}`,
  });
  return publishedAt;
}
