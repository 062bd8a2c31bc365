/**
 * The caller's token never comes back in an error over any transport: Bitrix24's `error_description` may echo the
 * request, and the session removes the caller's token from every error before it travels on. Over graphql-ws, where
 * yoga's HTTP response hooks do not run, and over HTTP, where the response pass in src/http/redact.ts also runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_FACTS } from '../../src/sandbox/index.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { connectWs, subscribeWs } from './live-helpers.js';

const CANARY = 'tok-CANARY-2b9d41e7-never-echo-me';
const GROUP = 'query($id: ID!) { group(id: $id) { id } }';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

/** A fresh portal where CANARY is demo-user-2's token, and sonet_group.get refused with a description that quotes the request. */
function echoTheToken(): void {
  h.reset();
  h.sandbox.store.addToken(CANARY, SEED_FACTS.demoUser2Id);
  h.sandbox.faults.failSubCall({ method: 'sonet_group.get', error: 'ERROR_CUSTOM', errorDescription: `bad request auth=${CANARY}&x=1`, status: 400 });
}

describe("the caller's token in an upstream error_description", () => {
  it('is replaced in the error a graphql-ws operation receives', async () => {
    echoTheToken();
    const { client } = connectWs(h.url, CANARY);
    const stream = subscribeWs(client, GROUP, { id: '1' });
    const message = await stream.next();
    await client.dispose();
    expect(message).toEqual({
      data: { group: null },
      errors: [
        {
          message: 'Bitrix24 refused sonet_group.get: bad request auth=[redacted]&x=1',
          locations: [{ line: 1, column: 19 }],
          path: ['group'],
          extensions: { code: 'UPSTREAM_ERROR', bitrix24Error: 'ERROR_CUSTOM' },
        },
      ],
    });
    // The portal did echo it: the token was in the answer the gateway read.
    expect(h.sandbox.requestLog().map((entry) => entry.method)).toEqual(['sonet_group.get']);
  });

  it('is replaced when the refusal comes item-level inside a batch', async () => {
    echoTheToken();
    const { client } = connectWs(h.url, CANARY);
    const stream = subscribeWs(client, '{ group(id: "1") { id } viewer { user { id } } }', {});
    const message = await stream.next();
    await client.dispose();
    expect(h.sandbox.requestLog().map((entry) => [entry.method, ...(entry.batchMethods ?? [])])).toEqual([['batch', 'user.current', 'sonet_group.get']]);
    expect(JSON.stringify(message)).not.toContain(CANARY);
    expect(message.errors?.map((error) => error.message)).toEqual(['Bitrix24 refused sonet_group.get: bad request auth=[redacted]&x=1']);
  });

  it('is replaced in the error of an HTTP response too', async () => {
    echoTheToken();
    const response = await h.gql(GROUP, { id: '1' }, CANARY);
    expect(JSON.stringify(response.body)).not.toContain(CANARY);
    expect(JSON.stringify(response.body)).toContain('auth=[redacted]&x=1');
  });
});
