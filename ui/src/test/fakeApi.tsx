// A stand-in for the api gateway in component tests, which run in jsdom without a server. It replaces fetch:
// /graphql calls go to per-operation handlers, /api/alerts/stream returns a stream the test writes to.
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { AlertFeedProvider } from "../app/alertFeed";
import { SessionProvider } from "../app/session";

export type GraphQlHandler = (variables: Record<string, unknown>) => unknown;

export interface GraphQlCall {
  operation: string;
  variables: Record<string, unknown>;
  apiKey: string | null;
}

export interface StreamConnection {
  headers: Record<string, string>;
  url: string;
  send: (text: string) => void;
  close: () => void;
}

export interface FakeApi {
  calls: GraphQlCall[];
  streams: StreamConnection[];
  fetch: typeof fetch;
}

/** Handler result that makes the fake api return an HTTP status instead of data. */
export class HttpStatus {
  constructor(
    readonly status: number,
    readonly body = "",
  ) {}
}

/** Handler that never returns a response, to hold a page in its loading state. */
export const pending: GraphQlHandler = () => new Promise(() => undefined);

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

export function fakeApi(handlers: Record<string, GraphQlHandler>, streamStatus = 200): FakeApi {
  const api: FakeApi = { calls: [], streams: [], fetch: undefined as unknown as typeof fetch };
  api.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    if (url.startsWith("/graphql")) {
      const body = JSON.parse(String(init?.body)) as { query: string; variables: Record<string, unknown> };
      const operation = /(?:query|mutation)\s+(\w+)/.exec(body.query)?.[1] ?? "anonymous";
      api.calls.push({ operation, variables: body.variables, apiKey: headers["x-api-key"] ?? null });
      const handler = handlers[operation];
      if (!handler) {
        return json({ errors: [{ message: `fake api has no handler for ${operation}` }] });
      }
      const result = await handler(body.variables);
      if (result instanceof HttpStatus) {
        return new Response(result.body, { status: result.status });
      }
      if (result instanceof Error) {
        return json({ errors: [{ message: result.message }], data: null });
      }
      return json({ data: result });
    }
    if (url.startsWith("/api/alerts/stream")) {
      if (streamStatus !== 200) {
        return new Response("rejected", { status: streamStatus });
      }
      const encoder = new TextEncoder();
      let controller!: ReadableStreamDefaultController<Uint8Array>;
      const body = new ReadableStream<Uint8Array>({
        start: (c) => {
          controller = c;
        },
      });
      init?.signal?.addEventListener("abort", () => {
        try {
          controller.error(new DOMException("aborted", "AbortError"));
        } catch {
          // Already closed.
        }
      });
      api.streams.push({
        headers,
        url,
        send: (text) => controller.enqueue(encoder.encode(text)),
        close: () => controller.close(),
      });
      return new Response(body, { status: 200, headers: { "Content-Type": "text/event-stream" } });
    }
    return new Response("not found", { status: 404 });
  };
  vi.stubGlobal("fetch", api.fetch);
  return api;
}

/** Renders a page inside a signed-in session with the shared alert feed, as the App shell does. */
export function renderSignedIn(page: ReactElement, signOut: (reason?: string) => void = () => undefined) {
  return render(
    <SessionProvider session={{ apiKey: "test-key", signOut }}>
      <AlertFeedProvider>{page}</AlertFeedProvider>
    </SessionProvider>,
  );
}

export function alertJson(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    station_id: "5",
    anomaly_score: 0.97,
    trigger_torque_nm: 61.8,
    timestamp: 1714234567890,
    vin: "1HGBH41JXMN100005",
    firmware: "v2.1.4",
    model_name: "zscore",
    model_version: "3",
    alert_id: "alert-1",
    ...overrides,
  });
}

export function alertView(overrides: Record<string, unknown> = {}) {
  return {
    alertId: "alert-0",
    streamSeq: 10,
    stationId: "5",
    anomalyScore: 0.91,
    triggerTorqueNm: 58.2,
    timestamp: 1714234500000,
    vin: "1HGBH41JXMN100005",
    firmware: "v2.1.4",
    modelName: "zscore",
    modelVersion: "2",
    ...overrides,
  };
}
