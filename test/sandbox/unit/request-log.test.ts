import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { RequestLog } from '../../../src/sandbox/request-log.js';

const entry = (method: string) => ({ at: '2026-11-30T00:00:00Z', httpMethod: 'POST', path: `/rest/${method}`, method, status: 200 });

describe('RequestLog', () => {
  it('keeps the newest maxEntries, oldest first, with sequence numbers that go on, and counts what it dropped', () => {
    const log = new RequestLog(3);
    for (const method of ['a', 'b', 'c', 'd', 'e']) log.append(entry(method));
    expect(log.list().map(({ seq, method }) => [seq, method])).toEqual([
      [3, 'c'],
      [4, 'd'],
      [5, 'e'],
    ]);
    expect(log.dropped).toBe(2);
  });

  it('clear() empties it and starts counting again', () => {
    const log = new RequestLog(2);
    for (const method of ['a', 'b', 'c']) log.append(entry(method));
    log.clear();
    log.append(entry('x'));
    expect(log.list().map(({ seq, method }) => [seq, method])).toEqual([[1, 'x']]);
    expect(log.dropped).toBe(0);
  });

  it('refuses a size that is not a positive integer, saying what it received', () => {
    expect(() => new RequestLog(0)).toThrow('maxLogEntries must be a positive integer; received 0');
  });
});

describe('GET /sandbox/log with a bounded log', () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
  });

  it('answers the newest entries and says in x-sandbox-log-dropped how many older ones went', async () => {
    sandbox = createSandbox({ maxLogEntries: 2 });
    const url = await sandbox.listen(0, '127.0.0.1');
    for (let index = 0; index < 3; index += 1) {
      await fetch(`${url}/rest/user.current`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"auth":"demo-user"}' });
    }
    const response = await fetch(`${url}/sandbox/log`);
    expect(response.headers.get('x-sandbox-log-dropped')).toBe('1');
    expect(((await response.json()) as { seq: number }[]).map((item) => item.seq)).toEqual([2, 3]);
    expect(sandbox.requestLogDropped()).toBe(1);
  });
});
