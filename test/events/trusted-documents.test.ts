/** TRUSTED_DOCUMENTS=1 holds over WebSocket too: only the manifest's operations run, by id. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOKENS } from '../../src/sandbox/index.js';
import { GroupChangedDocument } from '../generated/graphql.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { connectWs, GROUP_CHANGED, subscribeWs } from './live-helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { TRUSTED_DOCUMENTS: '1' } });
});
afterAll(() => h.close());

describe('trusted documents over graphql-ws', () => {
  it('refuses query text with PERSISTED_QUERY_NOT_IN_LIST and no upstream call', async () => {
    h.reset();
    const { client } = connectWs(h.url, DEMO_TOKENS.user);
    const stream = subscribeWs(client, GROUP_CHANGED, { ids: ['1'] });
    const refused = await stream.next();
    expect(refused.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    expect(h.sandbox.requestLog()).toEqual([]);
    await client.dispose();
  });

  it("runs the manifest's GroupChanged by its id", async () => {
    h.reset();
    const hash = (GroupChangedDocument as unknown as { __meta__: { hash: string } }).__meta__.hash;
    const { client } = connectWs(h.url, DEMO_TOKENS.user);
    const events: unknown[] = [];
    const dispose = client.subscribe(
      { query: '', variables: { ids: ['1'] }, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } },
      { next: (v) => events.push(v), error: (e) => events.push({ error: e }), complete: () => undefined },
    );
    for (let i = 0; i < 500 && h.gateway.live.hub.subscriptionCount !== 1; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(h.gateway.live.hub.subscriptionCount).toBe(1);
    expect(events).toEqual([]);
    dispose();
    await client.dispose();
  });
});
