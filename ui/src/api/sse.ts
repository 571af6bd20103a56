// Server-sent events over fetch. EventSource cannot send the X-API-Key header, so the dashboard reads the
// stream itself and parses it as the WHATWG HTML standard's "interpreting an event stream" section describes.

/** One dispatched event. id is the last event id in force when it was dispatched, as EventSource reports it. */
export interface SseEvent {
  event: string;
  data: string;
  id: string;
}

/**
 * Incremental event-stream parser: feed it decoded text in chunks of any size and it returns the events that
 * each chunk completes. Lines end with CRLF, LF or CR, and a blank line dispatches the event. Lines starting with
 * ':' are comments. As the standard requires, an event with no data field is dropped.
 */
export class SseParser {
  private buffer = "";
  private pendingCarriageReturn = false;
  private eventType = "";
  private dataLines: string[] = [];
  private hasData = false;
  /** The last event id buffer, which persists across events until an id field changes it. */
  lastEventId = "";
  /** Reconnection time in ms from the latest retry field, if any. */
  retryMs: number | undefined;

  constructor(initialLastEventId = "") {
    this.lastEventId = initialLastEventId;
  }

  push(chunk: string): SseEvent[] {
    let text = chunk;
    // A CR at the end of the previous chunk already ended a line; a LF right after it belongs to that CRLF.
    if (this.pendingCarriageReturn && text.startsWith("\n")) {
      text = text.slice(1);
    }
    this.pendingCarriageReturn = false;
    this.buffer += text;
    const events: SseEvent[] = [];
    for (;;) {
      const end = this.buffer.search(/[\r\n]/);
      if (end < 0) {
        break;
      }
      const line = this.buffer.slice(0, end);
      let next = end + 1;
      if (this.buffer[end] === "\r") {
        if (end + 1 === this.buffer.length) {
          this.pendingCarriageReturn = true;
        } else if (this.buffer[end + 1] === "\n") {
          next = end + 2;
        }
      }
      this.buffer = this.buffer.slice(next);
      const event = this.processLine(line);
      if (event) {
        events.push(event);
      }
    }
    return events;
  }

  private processLine(line: string): SseEvent | null {
    if (line === "") {
      return this.dispatch();
    }
    if (line.startsWith(":")) {
      return null;
    }
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) {
      value = value.slice(1);
    }
    switch (field) {
      case "event":
        this.eventType = value;
        break;
      case "data":
        this.dataLines.push(value);
        this.hasData = true;
        break;
      case "id":
        // An id containing NUL is ignored by the standard.
        if (!value.includes("\u0000")) {
          this.lastEventId = value;
        }
        break;
      case "retry":
        if (/^\d+$/.test(value)) {
          this.retryMs = Number(value);
        }
        break;
      default:
        break;
    }
    return null;
  }

  private dispatch(): SseEvent | null {
    const event = this.hasData
      ? { event: this.eventType || "message", data: this.dataLines.join("\n"), id: this.lastEventId }
      : null;
    this.eventType = "";
    this.dataLines = [];
    this.hasData = false;
    return event;
  }
}
