// Copies the api module's GraphQL schema into ui/schema.graphqls, the input of graphql-codegen. The api module
// owns the schema; the copy lets the dashboard build on its own when the api sources are absent.
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const source = fileURLToPath(new URL("../../api/src/main/resources/graphql/schema.graphqls", import.meta.url));
const target = fileURLToPath(new URL("../schema.graphqls", import.meta.url));

if (!existsSync(source)) {
  console.log(`schema: ${source} not found, keeping ${target}`);
} else if (existsSync(target) && readFileSync(source, "utf8") === readFileSync(target, "utf8")) {
  console.log("schema: ui/schema.graphqls matches the api schema");
} else {
  copyFileSync(source, target);
  console.log(`schema: copied ${source} to ${target}`);
}
