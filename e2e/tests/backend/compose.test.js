// docker-compose.yml cannot run here (no Docker engine), so this checks that it parses and that it names the
// services and ports that README.md and the launcher promise.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse } from "yaml";

const root = new URL("../../..", import.meta.url).pathname;
const compose = parse(readFileSync(root + "docker-compose.yml", "utf8"));
const readme = readFileSync(root + "README.md", "utf8");
const launcherConfig = readFileSync(root + "scripts/lib/config.sh", "utf8");

/** Returns the default of VARIABLE from README's configuration table. */
function readmeDefault(variable) {
  const row = readme.split("\n").find((line) => line.startsWith(`| \`${variable}\``));
  assert.ok(row, `README's configuration table has no row for ${variable}`);
  return row.split("|")[2].trim().replaceAll("`", "");
}

function launcherDefault(variable) {
  const match = launcherConfig.match(new RegExp(`\\$\\{${variable}:=([^}]*)\\}`));
  assert.ok(match, `scripts/lib/config.sh sets no default for ${variable}`);
  return match[1];
}

function publishedPorts(service) {
  return (compose.services[service].ports ?? []).map((mapping) => String(mapping).split(":")[0]);
}

const expected = {
  nats: ["AEGIS_NATS_URL"],
  clickhouse: ["AEGIS_CLICKHOUSE_HTTP_PORT", "AEGIS_CLICKHOUSE_TCP_PORT"],
  postgres: ["AEGIS_POSTGRES_PORT"],
  "command-side": ["AEGIS_COMMAND_PORT"],
  "query-side": ["AEGIS_QUERY_PORT"],
  "ml-scorer": ["AEGIS_SCORER_PORT"],
  api: ["AEGIS_API_PORT", "AEGIS_GRPC_PORT"],
  "edge-bridge": ["AEGIS_EDGE_PORT"],
};

test("compose names every service", () => {
  assert.deepEqual(Object.keys(compose.services).sort(), Object.keys(expected).sort());
});

for (const [service, variables] of Object.entries(expected)) {
  test(`compose ${service} ports match README`, () => {
    for (const variable of variables) {
      const readmeValue = readmeDefault(variable);
      assert.equal(readmeValue, launcherDefault(variable), `${variable}: README and launcher disagree`);
      const port = readmeValue.includes("://") ? readmeValue.split(":").pop() : readmeValue;
      assert.ok(publishedPorts(service).includes(port), `${service} publishes ${publishedPorts(service)}, README promises ${port}`);
    }
  });

  test(`compose ${service} has a health check`, () => {
    assert.ok(compose.services[service].healthcheck?.test, `${service} has no healthcheck`);
  });
}

test("compose server versions", () => {
  assert.match(compose.services.nats.image, /^nats:2\.(1\d|[2-9]\d)/, "NATS 2.10 or later");
  assert.ok(compose.services.nats.command.includes("-js"), "NATS runs with JetStream");
  assert.match(compose.services.postgres.image, /^postgres:16/);
  assert.match(compose.services.clickhouse.image, /^clickhouse\/clickhouse-server:24\.(3|8)\b/, "a 24.x LTS release");
});
