// Bad settings stop the launcher within seconds, with a message that names the setting and its value and never
// shows a password. Each case runs ./aegis with one wrong variable against the servers this test run already uses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("../../..", import.meta.url).pathname;
const natsPort = (process.env.AEGIS_NATS_URL ?? "nats://127.0.0.1:4222").split(":").pop();
const postgresPort = process.env.AEGIS_POSTGRES_PORT ?? "5432";

/** Runs ./aegis COMMAND with the extra environment and returns its exit status, output and duration. */
function runLauncher(command, environment) {
  const home = mkdtempSync(join(tmpdir(), "aegis-launcher-test-"));
  const started = Date.now();
  try {
    const result = spawnSync(join(root, "aegis"), [command], {
      env: { ...process.env, AEGIS_HOME: home, ...environment },
      encoding: "utf8",
      timeout: 60_000,
    });
    return { status: result.status, output: result.stdout + result.stderr, seconds: (Date.now() - started) / 1000 };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** Returns a TCP port on 127.0.0.1 that was free a moment ago. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(String(port)));
    });
  });
}

// The stack under test listens on the configured service ports, so the port case moves every other service elsewhere.
const otherServicePorts = {
  AEGIS_COMMAND_PORT: await freePort(),
  AEGIS_QUERY_PORT: await freePort(),
  AEGIS_SCORER_PORT: await freePort(),
  AEGIS_EDGE_PORT: await freePort(),
  AEGIS_GRPC_PORT: await freePort(),
};

const cases = [
  {
    name: "ClickHouse port held by PostgreSQL",
    command: "infra",
    environment: { AEGIS_CLICKHOUSE_HTTP_PORT: postgresPort },
    message: `AEGIS_CLICKHOUSE_HTTP_PORT=${postgresPort}`,
  },
  {
    name: "wrong ClickHouse password",
    command: "infra",
    environment: { AEGIS_CLICKHOUSE_PASSWORD: "not-the-password-42" },
    message: "AEGIS_CLICKHOUSE_USER=",
  },
  {
    name: "NATS URL pointing at PostgreSQL",
    command: "infra",
    environment: { AEGIS_NATS_URL: `nats://127.0.0.1:${postgresPort}` },
    message: `AEGIS_NATS_URL=nats://127.0.0.1:${postgresPort}`,
  },
  {
    name: "unknown PostgreSQL user",
    command: "infra",
    environment: { AEGIS_POSTGRES_USER: "aegis_no_such_role" },
    message: "AEGIS_POSTGRES_USER=aegis_no_such_role",
  },
  {
    name: "api port taken by NATS",
    command: "demo",
    environment: { ...otherServicePorts, AEGIS_API_PORT: natsPort },
    message: `AEGIS_API_PORT=${natsPort}`,
  },
];

for (const { name, command, environment, message } of cases) {
  test(`launcher rejects ${name}`, () => {
    const { status, output, seconds } = runLauncher(command, environment);
    assert.notEqual(status, 0, output);
    assert.ok(output.includes(message), `expected '${message}' in:\n${output}`);
    assert.ok(!output.includes("not-the-password-42"), `the password appears in:\n${output}`);
    console.log(`${name}: stopped after ${seconds.toFixed(1)} s`);
  });
}
