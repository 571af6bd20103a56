// Deletes the JetStream stream named by AEGIS_NATS_STREAM, if it exists, so an end-to-end run starts empty.
import { openNats } from "./telemetry.js";

const name = process.env.AEGIS_NATS_STREAM;
if (!name || name === "AEGIS") {
  console.error("reset-stream: refusing to delete stream '" + name + "'; set AEGIS_NATS_STREAM to a test stream");
  process.exit(2);
}
const nc = await openNats();
const jsm = await nc.jetstreamManager();
try {
  await jsm.streams.delete(name);
  console.log(`deleted stream ${name}`);
} catch (error) {
  if (!String(error.message).includes("stream not found")) {
    throw error;
  }
}
await nc.drain();
