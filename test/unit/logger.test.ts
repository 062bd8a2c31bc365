import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger, createRequestLineWriter, createStdoutDestination, LOG_FLUSH_MS, REDACTED_PATHS, type RequestLogLine } from '../../src/logger.js';

const dir = mkdtempSync(join(tmpdir(), 'logger-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createStdoutDestination', () => {
  it('writes every line, and close() lets them all leave', async () => {
    const path = join(dir, 'out.log');
    const destination = createStdoutDestination(openSync(path, 'w'));
    const logger = createLogger({ level: 'info', destination });
    for (let index = 0; index < 100; index += 1) logger.info({ index }, 'line');
    await destination.close(60_000);
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(100);
    expect(JSON.parse(lines[99]!)).toMatchObject({ index: 99, msg: 'line' });
  });

  it('writes a lone line within the flush interval, without close()', async () => {
    const path = join(dir, 'lone.log');
    const destination = createStdoutDestination(openSync(path, 'w'));
    const logger = createLogger({ level: 'info', destination });
    logger.info('lone line');
    // Buffered: fewer than LOG_WRITE_BYTES are waiting, so nothing has been written yet...
    expect(readFileSync(path, 'utf8')).toBe('');
    // ...until the periodic flush (LOG_FLUSH_MS) writes it.
    const deadline = Date.now() + 20 * LOG_FLUSH_MS;
    while (!readFileSync(path, 'utf8').includes('lone line') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, LOG_FLUSH_MS / 4));
    expect(readFileSync(path, 'utf8')).toContain('"msg":"lone line"');
    await destination.close(60_000);
  });

  it('drops lines after a write error and close() resolves without waiting for its deadline', async () => {
    // A descriptor open for reading only: every write fails (EBADF), as every write to a pipe with no reader does (EPIPE).
    const path = join(dir, 'read-only.log');
    closeSync(openSync(path, 'w'));
    const fd = openSync(path, 'r');
    const destination = createStdoutDestination(fd);
    const logger = createLogger({ level: 'info', destination });
    logger.info('first');
    logger.info('second');
    // The vitest timeout (30 s) is far below this deadline: the test passes only if close() does not wait it out.
    await destination.close(10 * 60_000);
    logger.info('after close');
    expect(readFileSync(path, 'utf8')).toBe('');
  });
});

describe('createRequestLineWriter', () => {
  const line: RequestLogLine = {
    requestId: 'b1946ac9-2f4e-4a5b-9c3d-1e2f3a4b5c6d',
    method: 'POST',
    operationName: 'GroupPage',
    operationType: 'query',
    status: 200,
    durationMs: 12.3,
    errorCodes: ['BAD_USER_INPUT', 'NOT_FOUND'],
  };

  it('writes no field that a redaction path names, so skipping redaction cannot change the line', () => {
    const redactedNames = new Set(REDACTED_PATHS.flatMap((path) => path.split('.')).filter((name) => name !== '*'));
    expect(Object.keys(line).filter((key) => redactedNames.has(key))).toEqual([]);
  });

  it('writes the same line as the redacting logger would', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (text: string) => void lines.push(text) } });
    logger.info(line, 'graphql request');
    createRequestLineWriter(logger)(line);
    const [redacted, unredacted] = lines.map((text) => ({ ...(JSON.parse(text) as Record<string, unknown>), time: 'same' }));
    expect(unredacted).toEqual(redacted);
    expect(unredacted).toMatchObject({ ...line, msg: 'graphql request', level: 30, service: 'bitrix24-graphql-gateway' });
  });

  it('follows the logger level: nothing below info when the level is warn', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', destination: { write: (text: string) => void lines.push(text) } });
    createRequestLineWriter(logger)(line);
    expect(lines).toEqual([]);
  });
});
