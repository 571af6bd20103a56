import { alertJson, fakeApi } from "../test/fakeApi";
import type { AlertView, ResyncInfo } from "./alerts";
import { AlertStream, type ConnectionState } from "./alertStream";

interface Recorder {
  alerts: AlertView[];
  states: ConnectionState[];
  resyncs: ResyncInfo[];
  invalid: string[];
}

function openStream(lastEventId?: string, extra: Partial<ConstructorParameters<typeof AlertStream>[0]> = {}) {
  const seen: Recorder = { alerts: [], states: [], resyncs: [], invalid: [] };
  const stream = new AlertStream({
    apiKey: "key-1",
    lastEventId,
    initialRetryMs: 10,
    maxRetryMs: 40,
    onAlert: (alert) => seen.alerts.push(alert),
    onResync: (info) => seen.resyncs.push(info),
    onState: (state) => seen.states.push(state),
    onInvalidEvent: (message) => seen.invalid.push(message),
    ...extra,
  });
  return { stream, seen };
}

describe("AlertStream", () => {
  test("sends the API key and no Last-Event-ID at first", async () => {
    const api = fakeApi({});
    const { stream, seen } = openStream();
    stream.start();
    await vi.waitFor(() => expect(seen.states).toContain("connected"));
    expect(api.streams[0]?.headers["x-api-key"]).toBe("key-1");
    expect(api.streams[0]?.headers["last-event-id"]).toBeUndefined();
    stream.stop();
  });

  test("delivers alerts parsed from snake_case JSON", async () => {
    const api = fakeApi({});
    const { stream, seen } = openStream();
    stream.start();
    await vi.waitFor(() => expect(api.streams).toHaveLength(1));
    api.streams[0]!.send(`id: 17\nevent: alert\ndata: ${alertJson()}\n\n`);
    await vi.waitFor(() => expect(seen.alerts).toHaveLength(1));
    expect(seen.alerts[0]).toMatchObject({
      alertId: "alert-1",
      streamSeq: 17,
      stationId: "5",
      anomalyScore: 0.97,
      triggerTorqueNm: 61.8,
      vin: "1HGBH41JXMN100005",
      modelVersion: "3",
    });
    stream.stop();
  });

  test("reconnect resumes after the last alert id", async () => {
    const api = fakeApi({});
    const { stream, seen } = openStream("5");
    stream.start();
    await vi.waitFor(() => expect(api.streams).toHaveLength(1));
    expect(api.streams[0]!.headers["last-event-id"]).toBe("5");
    api.streams[0]!.send(`id: 21\nevent: alert\ndata: ${alertJson({ alert_id: "a21" })}\n\n`);
    api.streams[0]!.send("event: heartbeat\ndata: {}\n\n");
    await vi.waitFor(() => expect(seen.alerts).toHaveLength(1));
    api.streams[0]!.close();
    await vi.waitFor(() => expect(api.streams).toHaveLength(2));
    expect(seen.states).toContain("reconnecting");
    expect(api.streams[1]!.headers["last-event-id"]).toBe("21");
    await vi.waitFor(() => expect(seen.states.at(-1)).toBe("connected"));
    stream.stop();
  });

  test("retries after an HTTP error", async () => {
    let attempts = 0;
    const api = fakeApi({});
    const fetchImpl: typeof fetch = async (input, init) => {
      attempts += 1;
      return attempts === 1 ? new Response("down", { status: 503 }) : api.fetch(input, init);
    };
    const { stream, seen } = openStream(undefined, { fetchImpl });
    stream.start();
    await vi.waitFor(() => expect(seen.states.at(-1)).toBe("connected"));
    expect(seen.states).toEqual(["connecting", "reconnecting", "connected"]);
    expect(attempts).toBe(2);
    stream.stop();
  });

  test("reconnects when nothing arrives within the idle timeout", async () => {
    const api = fakeApi({});
    const { stream, seen } = openStream("3", { idleTimeoutMs: 50 });
    stream.start();
    await vi.waitFor(() => expect(api.streams.length).toBeGreaterThanOrEqual(2), { timeout: 2000 });
    expect(seen.states).toContain("reconnecting");
    expect(api.streams[1]!.headers["last-event-id"]).toBe("3");
    stream.stop();
  });

  test("stops on a rejected key", async () => {
    fakeApi({}, 401);
    const { stream, seen } = openStream();
    stream.start();
    await vi.waitFor(() => expect(seen.states).toContain("unauthorized"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.states.filter((state) => state === "reconnecting")).toHaveLength(0);
    stream.stop();
  });

  test("reports a resync and resumes from its id", async () => {
    const api = fakeApi({});
    const { stream, seen } = openStream("1");
    stream.start();
    await vi.waitFor(() => expect(api.streams).toHaveLength(1));
    api.streams[0]!.send(
      'id: 500\nevent: resync\ndata: {"reason":"retention","requested_last_event_id":1,"first_available_seq":400,"resume_after":500}\n\n',
    );
    await vi.waitFor(() => expect(seen.resyncs).toHaveLength(1));
    expect(seen.resyncs[0]).toEqual({
      reason: "retention",
      requestedLastEventId: "1",
      firstAvailableSeq: 400,
      resumeAfter: 500,
    });
    expect(seen.states.at(-1)).toBe("resynced");
    api.streams[0]!.close();
    await vi.waitFor(() => expect(api.streams).toHaveLength(2));
    expect(api.streams[1]!.headers["last-event-id"]).toBe("500");
    stream.stop();
  });

  test("skips an alert with a missing field", async () => {
    const api = fakeApi({});
    const { stream, seen } = openStream();
    stream.start();
    await vi.waitFor(() => expect(api.streams).toHaveLength(1));
    api.streams[0]!.send(`id: 9\nevent: alert\ndata: {"station_id":"5"}\n\n`);
    await vi.waitFor(() => expect(seen.invalid).toHaveLength(1));
    expect(seen.invalid[0]).toContain("anomaly_score");
    expect(seen.alerts).toHaveLength(0);
    stream.stop();
  });
});
