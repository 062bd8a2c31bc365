import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOKENS, SEED_FACTS } from '../../src/sandbox/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { call, raw, start } from './helpers.js';

let sb: Sandbox;
let sbSource: Sandbox;
beforeAll(async () => {
  sb = await start();
  sbSource = await start({ authErrorStatus: 'source' });
});
afterAll(async () => {
  await sb.close();
  await sbSource.close();
});

const SCOPE_TEXT = 'The request requires higher privileges than provided by the access token';

describe('authentication', () => {
  it('missing token → 401 NO_AUTH_FOUND', async () => {
    const r = await call(sb, 'user.current', {}, null);
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' });
  });

  it('unknown token → 401 invalid_token', async () => {
    const r = await call(sb, 'user.current', {}, 'nope');
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: 'invalid_token', error_description: 'The access token provided is invalid' });
  });

  it('demo-expired → 401 expired_token', async () => {
    const r = await call(sb, 'sonet_group.get', {}, DEMO_TOKENS.expired);
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: 'expired_token', error_description: 'The access token provided has expired' });
  });

  it('demo-noscope: sonet_group.* → 403 insufficient_scope (docs), user.* works', async () => {
    for (const m of ['sonet_group.get', 'sonet_group.user.groups', 'sonet_group.user.get', 'sonet_group.user.request']) {
      const r = await call(sb, m, { ID: 1, GROUP_ID: 1 }, DEMO_TOKENS.noScope);
      expect(r.status, m).toBe(403);
      expect(r.body).toEqual({ error: 'insufficient_scope', error_description: SCOPE_TEXT });
    }
    const u = await call(sb, 'user.current', {}, DEMO_TOKENS.noScope);
    expect(u.status).toBe(200);
    expect(u.body.result.ID).toBe(String(SEED_FACTS.noScopeUserId));
    expect((await call(sb, 'user.get', { ID: 1 }, DEMO_TOKENS.noScope)).status).toBe(200);
  });

  it("authErrorStatus 'source' answers 401 for insufficient_scope", async () => {
    const r = await call(sbSource, 'sonet_group.get', {}, DEMO_TOKENS.noScope);
    expect(r.status).toBe(401);
    expect(r.body.error).toBe('insufficient_scope');
  });

  it('Authorization: Bearer is checked first, then auth, then access_token', async () => {
    const bearer = await request(`${sb.url}/rest/user.current?auth=nope`, { headers: { authorization: 'Bearer demo-user-2' } });
    expect(bearer.statusCode).toBe(200);
    expect(((await bearer.body.json()) as { result: { ID: string } }).result.ID).toBe(String(SEED_FACTS.demoUser2Id));
    const both = await raw(sb, '/rest/user.current?auth=demo-user&access_token=demo-user-2');
    expect(both.body.result.ID).toBe(String(SEED_FACTS.demoUserId));
    const at = await raw(sb, '/rest/user.current?access_token=demo-admin');
    expect(at.body.result.ID).toBe(String(SEED_FACTS.adminUserId));
    // the body overrides the query string
    const over = await raw(sb, '/rest/user.current?auth=nope', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ auth: 'demo-user-2' }),
    });
    expect(over.body.result.ID).toBe(String(SEED_FACTS.demoUser2Id));
  });

  it('store.addToken mints extra tokens (scopes, expired)', async () => {
    sb.store.addToken('t-extra', 10);
    sb.store.addToken('t-noscope', 11, { scopes: ['user'] });
    sb.store.addToken('t-old', 12, { expired: true });
    expect((await call(sb, 'user.current', {}, 't-extra')).body.result.ID).toBe('10');
    expect((await call(sb, 'sonet_group.get', {}, 't-noscope')).body.error).toBe('insufficient_scope');
    expect((await call(sb, 'user.current', {}, 't-old')).body.error).toBe('expired_token');
  });

  it('a token whose user is inactive → authorization_error', async () => {
    const inactive = sb.store.users().find((u) => !u.active);
    sb.store.addToken('t-inactive', inactive?.id ?? -1);
    const r = await call(sb, 'user.current', {}, 't-inactive');
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: 'authorization_error', error_description: 'Unable to authorize user' });
  });

  it('auth is checked before the method exists', async () => {
    expect((await call(sb, 'no.such.method', {}, null)).body.error).toBe('NO_AUTH_FOUND');
    expect((await call(sb, 'no.such.method', {}, DEMO_TOKENS.user)).status).toBe(404);
  });
});
