import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_TOKENS, SEED_FACTS } from '../../src/sandbox/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { call, form, raw, start } from './helpers.js';

const F = SEED_FACTS;
let sb: Sandbox;
beforeAll(async () => {
  sb = await start();
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => sb.reset());

describe('batch', () => {
  it('named cmd: object maps, per-item errors, totals, next, time; HTTP 200', async () => {
    const r = await call(sb, 'batch', {
      halt: 0,
      cmd: {
        me: 'user.current',
        groups: 'sonet_group.get?IS_ADMIN=Y',
        bad: `sonet_group.user.get?ID=${F.secretGroupWithoutDemoUser}`,
        none: 'no.such',
      },
    });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['result', 'time']);
    const b = r.body.result;
    expect(Object.keys(b)).toEqual(['result', 'result_error', 'result_total', 'result_next', 'result_time']);
    expect(Object.keys(b.result)).toEqual(['me', 'groups']);
    expect(b.result.me.ID).toBe(String(F.demoUserId));
    expect(b.result.groups).toHaveLength(50);
    expect(b.result_total).toEqual({ groups: sb.store.visibleGroupIds(F.demoUserId).length });
    expect(b.result_next).toEqual({ groups: 50 });
    expect(b.result_error).toEqual({
      bad: { error: '', error_description: 'Socialnetwork group not found' },
      none: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' },
    });
    expect(Object.keys(b.result_time)).toEqual(['me', 'groups']);
    expect(Object.keys(b.result_time.me)).toContain('operating');
  });

  it('array cmd: maps are JSON arrays when keys are 0..n-1, objects otherwise, [] when empty', async () => {
    const r = await call(sb, 'batch', { cmd: ['user.current', 'user.current'] });
    expect(r.body.result.result).toHaveLength(2);
    expect(Array.isArray(r.body.result.result)).toBe(true);
    expect(r.body.result.result_error).toEqual([]);
    expect(r.body.result.result_total).toEqual([]);
    expect(r.body.result.result_next).toEqual([]);
    expect(Array.isArray(r.body.result.result_time)).toBe(true);
    const mixed = await call(sb, 'batch', { cmd: ['sonet_group.user.get?ID=0', 'user.current'] });
    expect(mixed.body.result.result).toEqual({ '1': expect.objectContaining({ ID: String(F.demoUserId) }) });
    expect(Array.isArray(mixed.body.result.result_error)).toBe(true);
    expect(mixed.body.result.result_error).toEqual([{ error: '', error_description: 'Wrong socialnetwork group ID' }]);
    expect(mixed.text).toContain('"result":{"1":');
  });

  it('51 items: the 51st gets ERROR_BATCH_LENGTH_EXCEEDED item-level, 50 run', async () => {
    const cmd = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`c${i}`, 'user.current']));
    const r = await call(sb, 'batch', { cmd });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.result.result)).toHaveLength(50);
    expect(r.body.result.result_error).toEqual({ c50: { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' } });
  });

  it('halt stops after the first error', async () => {
    const r = await call(sb, 'batch', { HALT: 1, CMD: { a: 'user.current', b: 'sonet_group.user.get', c: 'user.current' } });
    expect(Object.keys(r.body.result.result)).toEqual(['a']);
    expect(Object.keys(r.body.result.result_error)).toEqual(['b']);
    const noHalt = await call(sb, 'batch', { halt: '0', cmd: { a: 'user.current', b: 'sonet_group.user.get', c: 'user.current' } });
    expect(Object.keys(noHalt.body.result.result)).toEqual(['a', 'c']);
  });

  it('scope failures are item-level with an empty description; outer auth applies to sub-calls', async () => {
    const r = await call(sb, 'batch', { cmd: { g: 'sonet_group.get', u: 'user.current?auth=demo-admin' } }, DEMO_TOKENS.noScope);
    expect(r.status).toBe(200);
    expect(r.body.result.result_error).toEqual({ g: { error: 'insufficient_scope', error_description: '' } });
    expect(r.body.result.result.u.ID).toBe(String(F.noScopeUserId));
  });

  it('outer auth failures are top-level', async () => {
    const r = await call(sb, 'batch', { cmd: ['user.current'] }, null);
    expect(r.status).toBe(401);
    expect(r.body.error).toBe('NO_AUTH_FOUND');
  });

  it('sub-call params use PHP brackets; $result references work', async () => {
    const r = await call(sb, 'batch', {
      cmd: {
        list: `sonet_group.get?FILTER[ID][]=${F.groupOwnedByDemoUser}&FILTER[ID][]=${F.groupModeratedByDemoUser}&ORDER[ID]=ASC`,
        members: 'sonet_group.user.get?ID=$result[list][0][ID]',
        named: 'user.get?FILTER[%NAME]=$result[list][0][NO_SUCH_FIELD]',
      },
    });
    const b = r.body.result;
    expect(b.result.list.map((g: { ID: string }) => Number(g.ID))).toEqual([F.groupOwnedByDemoUser, F.groupModeratedByDemoUser].sort((x, y) => x - y));
    expect(b.result.members).toContainEqual({ USER_ID: String(F.demoUserId), ROLE: expect.any(String) });
    expect(b.result_total.list).toBe(2);
  });

  it('form-encoded batch (double-encoded sub-calls) and nested batch refused', async () => {
    const sub = encodeURIComponent(`sonet_group.get?FILTER[ID]=${F.groupOwnedByDemoUser}`);
    const r = await form(sb, 'batch', `auth=demo-user&cmd[one]=${sub}&cmd[two]=batch`);
    expect(r.body.result.result.one).toHaveLength(1);
    expect(r.body.result.result_error.two.error).toBe('ERROR_BATCH_METHOD_NOT_ALLOWED');
    const q = await raw(sb, `/rest/batch.json?auth=demo-user&cmd[]=${encodeURIComponent('user.current')}`);
    expect(q.body.result.result[0].ID).toBe(String(F.demoUserId));
  });

  it('writes inside a batch take effect in order', async () => {
    const gid = F.openGroupWithoutDemoUser;
    const r = await call(sb, 'batch', { cmd: [`sonet_group.user.request?GROUP_ID=${gid}`, `sonet_group.user.get?ID=${gid}`] });
    expect(r.body.result.result[0]).toBe(true);
    expect(r.body.result.result[1]).toContainEqual({ USER_ID: String(F.demoUserId), ROLE: 'K' });
  });
});
