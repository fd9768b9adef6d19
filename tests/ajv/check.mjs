// Ajv 8 in strict mode, with ajv-formats, as a consumer of the JSON Schema runs it.
// Reads a JSON file {"schemas": {NAME: SCHEMA}, "cases": [[NAME, PAYLOAD_TEXT], ...]}
// (payloads as JSON text, parsed here by JavaScript's own JSON.parse) and prints
// {"compiled": true, "verdicts": [true|false, ...]}, or {"compiled": false, "error": ...}.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const input = JSON.parse(readFileSync(process.argv[2], "utf8"));
const ajv = new Ajv2020({ strict: true, allErrors: false });
addFormats(ajv);
const validators = {};
try {
  for (const [name, schema] of Object.entries(input.schemas)) {
    validators[name] = ajv.compile(schema);
  }
} catch (err) {
  process.stdout.write(JSON.stringify({ compiled: false, error: String(err && err.message) }));
  process.exit(0);
}
const verdicts = input.cases.map(([name, text]) => validators[name](JSON.parse(text)));
process.stdout.write(JSON.stringify({ compiled: true, verdicts }));
