/**
 * Writes schema/report.schema.json, the JSON Schema of a report generated from the zod schema,
 * for form tools that validate client-side. test/unit/report/json-schema.test.ts fails when the
 * committed file is stale, so the two can never drift apart.
 */
import { writeFileSync } from 'node:fs';
import { reportJsonSchema } from '../functions/report';

export const SCHEMA_FILE = new URL('../schema/report.schema.json', import.meta.url);

writeFileSync(SCHEMA_FILE, JSON.stringify(reportJsonSchema(), null, 2) + '\n');
console.log(`wrote ${SCHEMA_FILE.pathname}`);
