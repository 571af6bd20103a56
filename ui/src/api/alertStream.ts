import { parseAlertEvent, parseResyncEvent, type AlertView, type ResyncInfo } from "./alerts";
import { SseParser } from "./sse";

export type ConnectionState = "connecting" | "connected" | "reconnecting" | "resynced" | "unauthorized" | "stopped";

export interface AlertStreamOptions {
  apiKey: string;
  /** Id to resume after on the first connection, for example the newest streamSeq already loaded. */
  lastEventId?: string;
  url?: string;
  onAlert: (alert: AlertView) => void;
  onResync: (info: ResyncInfo) => void;
  onState: (state: ConnectionState, detail: string | null) => void;
  /** Called with a message for each event whose data cannot be used; the stream goes on. */
  onInvalidEvent?: (message: string) => void;
  /** Delay before the first reconnect; it doubles on each failure up to maxRetryMs. */
  initialRetryMs?: number;
  maxRetryMs?: number;
  /** The server sends a heartbeat every 15 s; no bytes for this long means the connection is dead. */
  idleTimeoutMs?: number;
  fetchImpl?: typeof fetch;
}

const DEFAULT_URL = "/api/alerts/stream";

/**
 * Keeps one SSE connection to the alert stream open: reconnects with exponential backoff after any failure
 * and sends the last event id it saw as Last-Event-ID, so a reconnect resumes where the stream left off.
 */
export class AlertStream {
  private readonly options: Required<Omit<AlertStreamOptions, "lastEventId" | "onInvalidEvent">> &
    Pick<AlertStreamOptions, "onInvalidEvent">;
  private controller: AbortController | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private retryMs: number;
  private serverRetryMs: number | undefined;
  private stopped = false;
  private resynced = false;
  /** The id sent as Last-Event-ID on the next connection. */
  lastEventId: string;

  constructor(options: AlertStreamOptions) {
    this.options = {
      url: DEFAULT_URL,
      initialRetryMs: 1000,
      maxRetryMs: 15_000,
      idleTimeoutMs: 45_000,
      fetchImpl: (input, init) => fetch(input, init),
      ...options,
    };
    this.lastEventId = options.lastEventId ?? "";
    this.retryMs = this.options.initialRetryMs;
  }

  start(): void {
    this.stopped = false;
    this.options.onState("connecting", null);
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimers();
    this.controller?.abort();
    this.controller = null;
    this.options.onState("stopped", null);
  }

  private async connect(): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    const headers: Record<string, string> = { Accept: "text/event-stream", "X-API-Key": this.options.apiKey };
    if (this.lastEventId !== "") {
      headers["Last-Event-ID"] = this.lastEventId;
    }
    this.resetIdleTimer(controller);
    try {
      const response = await this.options.fetchImpl(this.options.url, { headers, signal: controller.signal });
      if (response.status === 401 || response.status === 403) {
        this.clearTimers();
        this.stopped = true;
        this.options.onState("unauthorized", `the api rejected the API key (HTTP ${response.status})`);
        return;
      }
      if (response.status !== 200 || !response.body) {
        const body = await response.text().catch(() => "");
        throw new Error(`HTTP ${response.status}${body ? ": " + body.slice(0, 200) : ""}`);
      }
      this.retryMs = this.options.initialRetryMs;
      this.options.onState(this.resynced ? "resynced" : "connected", null);
      await this.read(response.body, controller);
      throw new Error("the server closed the stream");
    } catch (error) {
      if (this.stopped || controller !== this.controller) {
        return;
      }
      const reason = controller.signal.aborted ? "no data or heartbeat for too long" : describe(error);
      this.scheduleReconnect(reason);
    }
  }

  private async read(body: ReadableStream<Uint8Array>, controller: AbortController): Promise<void> {
    const parser = new SseParser(this.lastEventId);
    const decoder = new TextDecoder();
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          return;
        }
        this.resetIdleTimer(controller);
        for (const event of parser.push(decoder.decode(value, { stream: true }))) {
          this.lastEventId = event.id;
          this.handle(event.event, event.data, event.id);
        }
        this.serverRetryMs = parser.retryMs;
      }
    } finally {
      reader.releaseLock();
    }
  }

  private handle(type: string, data: string, id: string): void {
    if (type === "alert") {
      const alert = parseAlertEvent(data, id);
      if (typeof alert === "string") {
        this.options.onInvalidEvent?.(alert);
        return;
      }
      if (this.resynced) {
        this.resynced = false;
        this.options.onState("connected", null);
      }
      this.options.onAlert(alert);
    } else if (type === "resync") {
      this.resynced = true;
      this.options.onResync(parseResyncEvent(data));
      this.options.onState("resynced", null);
    }
    // heartbeat and unknown events only prove the connection is alive, which resetIdleTimer already noted.
  }

  private scheduleReconnect(reason: string): void {
    this.clearTimers();
    this.controller = null;
    const delay = Math.max(this.serverRetryMs ?? 0, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, this.options.maxRetryMs);
    this.options.onState("reconnecting", `${reason}; retrying in ${Math.round(delay / 100) / 10} s`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) {
        void this.connect();
      }
    }, delay);
  }

  private resetIdleTimer(controller: AbortController): void {
    if (this.idleTimer !== null) {
      clearTimeout(this.idleTimer);
    }
    this.idleTimer = setTimeout(() => controller.abort(), this.options.idleTimeoutMs);
  }

  private clearTimers(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.retryTimer = null;
    this.idleTimer = null;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
