import { SseParser } from "./sse";

describe("SseParser", () => {
  test("dispatches a named event with its id", () => {
    const parser = new SseParser();
    const events = parser.push('id: 42\nevent: alert\ndata: {"a":1}\n\n');
    expect(events).toEqual([{ event: "alert", data: '{"a":1}', id: "42" }]);
    expect(parser.lastEventId).toBe("42");
  });

  test("joins multi-line data with newlines", () => {
    const events = new SseParser().push("data: first\ndata: second\n\n");
    expect(events[0]?.data).toBe("first\nsecond");
    expect(events[0]?.event).toBe("message");
  });

  test("keeps the last id across events without one", () => {
    const parser = new SseParser();
    parser.push("id: 7\nevent: alert\ndata: x\n\n");
    const events = parser.push("event: heartbeat\ndata: {}\n\n");
    expect(events[0]?.event).toBe("heartbeat");
    expect(events[0]?.id).toBe("7");
    expect(parser.lastEventId).toBe("7");
  });

  test("handles chunks split anywhere", () => {
    const parser = new SseParser();
    const text = "id: 1\r\nevent: alert\r\ndata: {\"v\":1}\r\n\r\nid: 2\revent: alert\rdata: {\"v\":2}\r\r";
    const events = [...text].flatMap((character) => parser.push(character));
    expect(events.map((e) => e.id)).toEqual(["1", "2"]);
    expect(events.map((e) => e.data)).toEqual(['{"v":1}', '{"v":2}']);
  });

  test("treats CRLF split across chunks as one line end", () => {
    const parser = new SseParser();
    expect(parser.push("data: a\r")).toEqual([]);
    expect(parser.push("\n\r")).toHaveLength(1);
    expect(parser.push("\ndata: b\n\n")).toEqual([{ event: "message", data: "b", id: "" }]);
  });

  test("ignores comments and unknown fields", () => {
    const events = new SseParser().push(": keep-alive\nfoo: bar\ndata: x\n\n");
    expect(events).toEqual([{ event: "message", data: "x", id: "" }]);
  });

  test("drops an event without data", () => {
    const parser = new SseParser();
    expect(parser.push("event: alert\nid: 3\n\n")).toEqual([]);
    expect(parser.lastEventId).toBe("3");
    expect(parser.push("data: y\n\n")[0]?.event).toBe("message");
  });

  test("reads a numeric retry and ignores others", () => {
    const parser = new SseParser();
    parser.push("retry: 2500\n\n");
    expect(parser.retryMs).toBe(2500);
    parser.push("retry: soon\n\n");
    expect(parser.retryMs).toBe(2500);
  });

  test("keeps an incomplete event until its blank line", () => {
    const parser = new SseParser();
    expect(parser.push("event: alert\ndata: partial")).toEqual([]);
    expect(parser.push("\n\n")).toEqual([{ event: "alert", data: "partial", id: "" }]);
  });

  test("starts from a given last event id", () => {
    expect(new SseParser("99").push("data: z\n\n")[0]?.id).toBe("99");
  });
});
