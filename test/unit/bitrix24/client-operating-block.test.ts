/**
 * An OPERATION_TIME_LIMIT block covers each method the request ran, each until the reset its own last successful
 * answer gave: a batch is never metered, so nothing is ever remembered for `batch` itself.
 */
import { describe, expect, it, vi } from 'vitest';
import { Bitrix24Client } from '../../../src/bitrix24/client.js';
import { Bitrix24Error } from '../../../src/bitrix24/errors.js';
import { DEFAULT_METHOD_BLOCK_MS } from '../../../src/bitrix24/retry-policy.js';
import type { Bitrix24Time } from '../../../src/bitrix24/wire.js';

const NOW = 1_778_747_000_000;
const PORTAL = new URL('https://portal.example');

function operatingTimeLimit(method: string): Bitrix24Error {
  return new Bitrix24Error({ kind: 'api', code: 'OPERATION_TIME_LIMIT', description: 'test', method, httpStatus: 429 });
}

async function blocksAfter429(maxAttempts: number): Promise<[string, string, number][]> {
  const client = new Bitrix24Client({ now: () => NOW, retry: { maxAttempts }, limiter: { maxWaitMs: 0 } });
  client.noteAnswerTime(PORTAL, 'sonet_group.get', { operating_reset_at: NOW / 1000 + 300 } as Bitrix24Time);
  vi.spyOn(client.transport, 'post').mockRejectedValue(operatingTimeLimit('batch'));
  const blockMethod = vi.spyOn(client.limiter, 'blockMethod');
  await expect(
    client.send({ portal: PORTAL, token: 't', method: 'batch', params: {}, methods: ['sonet_group.get', 'user.get'], isWrite: false }),
  ).rejects.toBeInstanceOf(Bitrix24Error);
  await client.close();
  return blockMethod.mock.calls;
}

describe('a 429 OPERATION_TIME_LIMIT on a batch', () => {
  const expected = [
    [PORTAL.origin, 'sonet_group.get', NOW + 300_000],
    [PORTAL.origin, 'user.get', NOW + DEFAULT_METHOD_BLOCK_MS],
  ];

  it('blocks each command\'s method until its own remembered reset, whether it will be retried or gives up', async () => {
    expect(await blocksAfter429(4)).toEqual(expected);
    expect(await blocksAfter429(1)).toEqual(expected);
  });
});
