/**
 * `npx tsx bench/log-line.ts`: what one request log line costs, through the redacting logger and through
 * createRequestLineWriter, into the project's stdout destination pointed at /dev/null. 3 alternating rounds of
 * 50,000 lines each; prints µs per line.
 */
import { openSync } from 'node:fs';
import { createLogger, createRequestLineWriter, createStdoutDestination } from '../src/logger.js';
const dest = createStdoutDestination(openSync('/dev/null', 'w'));
const logger = createLogger({ level: 'info', destination: dest });
const write = createRequestLineWriter(logger);
const line = () => ({ requestId: 'a3c1e0b2-1111-2222-3333-444455556666', method: 'POST', operationName: undefined, operationType: 'query', status: 200, durationMs: 1.3, errorCodes: undefined });
for (let round = 0; round < 3; round++) for (const [name, fn] of [['logger.info', () => logger.info(line(), 'graphql request')], ['writer', () => write(line())]] as const) {
  const n = 50_000; const t = performance.now();
  for (let i = 0; i < n; i++) fn();
  console.log(name, ((performance.now() - t) * 1000 / n).toFixed(2), 'µs/line');
}
process.exit(0);
