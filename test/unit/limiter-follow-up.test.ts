/**
 * The session tells the limiter which requests are follow-ups: the first flush of a GraphQL operation's session is
 * its first request (or requests, when more than 50 calls leave in parallel batches); every later flush is a
 * follow-up, which the limiter ranks ahead of queued first requests (limiter.test.ts, "operations first").
 */
import { describe, expect, it } from 'vitest';
import { Bitrix24Session, type Bitrix24Sender, type SendRequest } from '../../src/bitrix24/session.js';
import type { CallResult } from '../../src/bitrix24/wire.js';

/** Records what the session hands down and answers every request at once. */
class RecordingSender implements Bitrix24Sender {
  readonly sent: SendRequest[] = [];
  send(request: SendRequest): Promise<CallResult> {
    this.sent.push(request);
    const result = request.method === 'batch' ? { result: {}, result_error: {} } : {};
    return Promise.resolve({ result } as unknown as CallResult);
  }
}

describe('Bitrix24Session: follow-up requests', () => {
  it('marks the first flush as first requests and every later flush as follow-ups', async () => {
    const sender = new RecordingSender();
    const session = new Bitrix24Session(sender, new URL('https://example.bitrix24.com'), 'token');
    await session.call('sonet_group.get', { FILTER: { ID: 1 } });
    await session.call('user.get', { FILTER: { ID: [1] } });
    await session.call('user.get', { FILTER: { ID: [2] } });
    expect(sender.sent.map((request) => [request.method, request.followUp])).toEqual([
      ['sonet_group.get', false],
      ['user.get', true],
      ['user.get', true],
    ]);
  });

  it('marks every request of the first flush as first, even when it leaves as several batches', async () => {
    const sender = new RecordingSender();
    const session = new Bitrix24Session(sender, new URL('https://example.bitrix24.com'), 'token');
    await Promise.allSettled(Array.from({ length: 51 }, (_, index) => session.call('user.get', { FILTER: { ID: [index] } })));
    expect(sender.sent.map((request) => [request.method, request.followUp])).toEqual([
      ['batch', false],
      ['user.get', false],
    ]);
  });
});
