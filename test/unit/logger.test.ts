import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger, createStdoutDestination } from '../../src/logger.js';

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
