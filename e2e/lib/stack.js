// Access to a running Aegis stack for black-box tests: the api gateway, ClickHouse over HTTP and NATS.
// Addresses and credentials come from the same environment variables and files as the launcher's.
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const home = process.env.AEGIS_HOME ?? join(root, ".aegis");

export const apiUrl = `http://127.0.0.1:${process.env.AEGIS_API_PORT ?? "8081"}`;
export const clickhouseUrl =
  process.env.AEGIS_CLICKHOUSE_URL ??
  `http://${process.env.AEGIS_CLICKHOUSE_HOST ?? "127.0.0.1"}:${process.env.AEGIS_CLICKHOUSE_HTTP_PORT ?? "8123"}`;
export const clickhouseDatabase = process.env.AEGIS_CLICKHOUSE_DATABASE ?? "aegis";
export const natsUrl = process.env.AEGIS_NATS_URL ?? "nats://127.0.0.1:4222";

/** Returns the development API key of a role from the launcher's credentials file. */
export function apiKey(role) {
  const file = process.env.AEGIS_SECURITY_CREDENTIALS_FILE ?? join(home, "credentials.properties");
  const line = readFileSync(file, "utf8")
    .split("\n")
    .find((l) => l.startsWith(`api-key.${role}=`));
  if (!line) {
    throw new Error(`no api-key.${role} in ${file}; run ./aegis demo or ./aegis test once to create it`);
  }
  return line.slice(line.indexOf("=") + 1).trim();
}

/** Sends a JSON request to the api gateway as ROLE and returns { status, body }. */
export async function callApi(method, path, { role = "mes", body, idempotencyKey = randomUUID() } = {}) {
  const response = await fetch(apiUrl + path, {
    method,
    headers: {
      "Content-Type": "application/json",
      "X-API-Key": apiKey(role),
      "Idempotency-Key": idempotencyKey,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: keep the text so the assertion message shows it.
  }
  return { status: response.status, body: parsed };
}

/** Sends a GraphQL query as ROLE and returns its data, failing on GraphQL errors. */
export async function graphql(query, variables = {}, role = "supervisor") {
  const response = await callApi("POST", "/graphql", { role, body: { query, variables } });
  if (response.status !== 200 || response.body?.errors) {
    throw new Error(`GraphQL failed with ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response.body.data;
}

/** Runs a read-only ClickHouse query and returns its rows as objects. */
export async function clickhouseRows(sql) {
  const url = `${clickhouseUrl}/?database=${encodeURIComponent(clickhouseDatabase)}&default_format=JSONEachRow`;
  const headers = {};
  const user = process.env.AEGIS_CLICKHOUSE_USER ?? "default";
  const password = process.env.AEGIS_CLICKHOUSE_PASSWORD ?? "";
  headers.Authorization = "Basic " + Buffer.from(`${user}:${password}`).toString("base64");
  const response = await fetch(url, { method: "POST", body: sql, headers });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`ClickHouse query failed with ${response.status}: ${text}`);
  }
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));
}

/** Calls CHECK until it returns a value other than undefined, or throws after TIMEOUT_MS with DESCRIPTION. */
export async function pollUntil(description, timeoutMs, check, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) {
        return value;
      }
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}` +
        (lastError ? `; last error: ${lastError.message}` : ""));
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Opens an SSE connection and collects its events. Each event is { id, event, data, receivedAt } with data
 * parsed as JSON where possible. Close it with close().
 */
export function openEventStream(path, { role = "supervisor", lastEventId } = {}) {
  const controller = new AbortController();
  const events = [];
  const headers = { Accept: "text/event-stream", "X-API-Key": apiKey(role) };
  if (lastEventId !== undefined) {
    headers["Last-Event-ID"] = String(lastEventId);
  }
  const connected = fetch(apiUrl + path, { headers, signal: controller.signal }).then(async (response) => {
    if (response.status !== 200) {
      throw new Error(`SSE ${path} answered ${response.status}: ${await response.text()}`);
    }
    const decoder = new TextDecoder();
    let buffer = "";
    (async () => {
      try {
        for await (const chunk of response.body) {
          buffer += decoder.decode(chunk, { stream: true });
          let end;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            events.push(parseEvent(buffer.slice(0, end)));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch (error) {
        if (error.name !== "AbortError") {
          events.push({ event: "client-error", data: error.message, receivedAt: Date.now() });
        }
      }
    })();
    return response;
  });
  return { events, connected, close: () => controller.abort() };
}

function parseEvent(block) {
  const event = { id: undefined, event: "message", data: "", receivedAt: Date.now() };
  const data = [];
  for (const line of block.split("\n")) {
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "id") event.id = value;
    else if (field === "event") event.event = value;
    else if (field === "data") data.push(value);
  }
  const text = data.join("\n");
  try {
    event.data = JSON.parse(text);
  } catch {
    event.data = text;
  }
  return event;
}
