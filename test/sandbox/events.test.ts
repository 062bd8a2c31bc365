import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import qs from 'qs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_TOKENS, SEED_FACTS } from '../../src/sandbox/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { call, fakeClock, raw, start } from './helpers.js';

const F = SEED_FACTS;
const clock = fakeClock();
let sb: Sandbox;
let receiver: Server;
let handlerUrl: string;
const received: { contentType: string | undefined; body: string }[] = [];

beforeAll(async () => {
  sb = await start({ now: clock.now });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ contentType: req.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  handlerUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/bitrix24/events`;
});
afterAll(async () => {
  await sb.close();
  await new Promise<void>((r) => receiver.close(() => r()));
});
beforeEach(() => {
  sb.reset();
  received.length = 0;
});

const bind = (params: Record<string, unknown>, token: string = DEMO_TOKENS.admin) => call(sb, 'event.bind', params, token);
const join = (groupId: number, token: string = DEMO_TOKENS.user2) => call(sb, 'sonet_group.user.request', { GROUP_ID: groupId }, token);
const payloads = (): Record<string, unknown>[] => received.map((r) => qs.parse(r.body) as Record<string, unknown>);

describe('event.bind', () => {
  it('binds online handlers on a dotted loopback host and answers true', async () => {
    const r = await bind({ event: 'onSonetGroupUpdate', handler: handlerUrl });
    expect(r.status).toBe(200);
    expect(r.body.result).toBe(true);
    expect(sb.events.bindings()).toMatchObject([{ event: 'ONSONETGROUPUPDATE', handler: handlerUrl, userId: 0, offline: false }]);
  });

  it.each([
    ['http://localhost:3000/x', 'ERROR_WRONG_HANDLER_URL', 'Wrong handler URL'],
    ['not a url', 'ERROR_WRONG_HANDLER_URL', 'Wrong handler URL'],
    ['ftp://example.com/x', 'ERROR_UNSUPPORTED_PROTOCOL', 'Unsupported handler protocol'],
  ])('refuses handler %s with %s', async (handler, code, description) => {
    const r = await bind({ event: 'ONSONETGROUPUPDATE', handler });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ error: code, error_description: description });
    expect(sb.events.bindings()).toEqual([]);
  });

  it('refuses a missing EVENT, a missing HANDLER and a bad EVENT_TYPE as ERROR_ARGUMENT', async () => {
    expect((await bind({ handler: handlerUrl })).body).toEqual({ error: 'ERROR_ARGUMENT', error_description: "Argument 'EVENT' is null or empty" });
    expect((await bind({ event: 'ONSONETGROUPUPDATE' })).body).toEqual({ error: 'ERROR_ARGUMENT', error_description: "Argument 'HANDLER' is null or empty" });
    const r = await bind({ event: 'ONSONETGROUPUPDATE', handler: handlerUrl, event_type: 'sometimes' });
    expect(r.status).toBe(400);
    expect(r.body.error_description).toBe('Value must be one of {online|offline}');
  });

  it('does not find an unknown event, nor a group event for a token without scope sonet_group', async () => {
    const unknown = await bind({ event: 'ONCRMLEADADD', handler: handlerUrl });
    expect(unknown.body).toEqual({ error: 'ERROR_EVENT_NOT_FOUND', error_description: 'Event not found' });
    const noScope = await bind({ event: 'ONSONETGROUPUPDATE', handler: handlerUrl }, DEMO_TOKENS.noScope);
    expect(noScope.status).toBe(400);
    expect(noScope.body.error).toBe('ERROR_EVENT_NOT_FOUND');
  });

  it('answers ERROR_HANDLER_ALREADY_EXIST for the same handler twice', async () => {
    await bind({ event: 'ONSONETGROUPUPDATE', handler: handlerUrl });
    const r = await bind({ event: 'ONSONETGROUPUPDATE', handler: handlerUrl });
    expect(r.body).toEqual({ error: 'ERROR_HANDLER_ALREADY_EXIST', error_description: 'Handler already exists!' });
  });

  it('a non-admin may bind online only, as themself', async () => {
    const offline = await bind({ event: 'ONSONETGROUPUPDATE', event_type: 'offline' }, DEMO_TOKENS.user);
    expect(offline.status).toBe(403);
    expect(offline.body.error_description).toBe('Access denied! Offline events binding requires administrator access rights');
    const other = await bind({ event: 'ONSONETGROUPUPDATE', handler: handlerUrl, auth_type: F.adminUserId }, DEMO_TOKENS.user);
    expect(other.status).toBe(403);
    expect(other.body.error_description).toBe('Access denied! Event binding with AUTH_TYPE requires administrator access rights');
    expect((await bind({ event: 'ONSONETGROUPUPDATE', handler: handlerUrl }, DEMO_TOKENS.user)).body.result).toBe(true);
    expect(sb.events.bindings()[0]?.userId).toBe(F.demoUserId);
  });
});

describe('event.get and event.unbind', () => {
  it('lists online and offline rows in ID order; non-admins see only their own', async () => {
    await bind({ event: 'ONSONETGROUPUPDATE', handler: handlerUrl });
    await bind({ event: 'ONSONETGROUPDELETE', event_type: 'offline', auth_connector: 'gw' });
    await bind({ event: 'ONSONETGROUPADD', handler: handlerUrl }, DEMO_TOKENS.user);
    const all = await call(sb, 'event.get', {}, DEMO_TOKENS.admin);
    expect(all.body.result).toEqual([
      { event: 'ONSONETGROUPUPDATE', handler: handlerUrl, auth_type: '0', offline: 0 },
      { event: 'ONSONETGROUPDELETE', connector_id: 'gw', offline: 1 },
      { event: 'ONSONETGROUPADD', handler: handlerUrl, auth_type: String(F.demoUserId), offline: 0 },
    ]);
    const own = await call(sb, 'event.get', {}, DEMO_TOKENS.user);
    expect(own.body.result).toEqual([{ event: 'ONSONETGROUPADD', handler: handlerUrl, auth_type: String(F.demoUserId), offline: 0 }]);
  });

  it('unbind needs HANDLER online and answers the count removed', async () => {
    await bind({ event: 'ONSONETGROUPUPDATE', handler: handlerUrl });
    const missing = await call(sb, 'event.unbind', { event: 'ONSONETGROUPUPDATE' }, DEMO_TOKENS.admin);
    expect(missing.body.error_description).toBe("Argument 'HANDLER' is null or empty");
    const r = await call(sb, 'event.unbind', { event: 'onsonetgroupupdate', handler: handlerUrl }, DEMO_TOKENS.admin);
    expect(r.body.result).toEqual({ count: 1 });
    expect(sb.events.bindings()).toEqual([]);
  });
});

describe('online delivery', () => {
  it('a membership change (SetStat) posts ONSONETGROUPUPDATE form-encoded with the application token', async () => {
    await bind({ event: 'ONSONETGROUPUPDATE', handler: handlerUrl });
    expect((await join(F.closedGroupWithoutDemoUser)).body.result).toBe(true);
    await sb.events.settled();
    expect(received).toHaveLength(1);
    expect(received[0]?.contentType).toBe('application/x-www-form-urlencoded');
    const p = payloads()[0] as { event: string; event_handler_id: string; data: unknown; ts: string; auth: Record<string, string> };
    expect(p.event).toBe('ONSONETGROUPUPDATE');
    expect(p.event_handler_id).toBe(String(sb.events.bindings()[0]?.id));
    expect(p.data).toEqual({ FIELDS: { ID: String(F.closedGroupWithoutDemoUser) } });
    expect(p.ts).toBe(String(Math.floor(clock.value() / 1000)));
    expect(Object.keys(p.auth)).toEqual([
      'access_token', 'expires_in', 'scope', 'domain', 'server_endpoint', 'status', 'client_endpoint', 'member_id', 'application_token',
    ]);
    expect(p.auth.application_token).toBe(sb.events.applicationToken());
    expect(p.auth.client_endpoint).toBe(`${sb.url}/rest/`);
    // the access token is the triggering user's (the handler was bound by an admin without auth_type)
    const who = await call(sb, 'user.current', {}, p.auth.access_token);
    expect(who.body.result.ID).toBe(String(F.demoUser2Id));
    expect(sb.events.deliveries()).toMatchObject([{ outcome: 'delivered', httpStatus: 200, groupId: F.closedGroupWithoutDemoUser }]);
  });

  it('de-duplicates per hit: a batch touching one group twice and another once sends two updates', async () => {
    await bind({ event: 'ONSONETGROUPUPDATE', handler: handlerUrl });
    const cmd = {
      a: `sonet_group.user.request?GROUP_ID=${F.closedGroupWithoutDemoUser}`,
      b: `sonet_group.user.request?GROUP_ID=${F.closedGroupWithoutDemoUser}&MESSAGE=again`,
      c: `sonet_group.user.request?GROUP_ID=${F.openGroupWithoutDemoUser}`,
    };
    const r = await call(sb, 'batch', { cmd }, DEMO_TOKENS.user);
    expect(r.status).toBe(200);
    await sb.events.settled();
    const ids = payloads().map((p) => (p.data as { FIELDS: { ID: string } }).FIELDS.ID).sort();
    expect(ids).toEqual([String(F.closedGroupWithoutDemoUser), String(F.openGroupWithoutDemoUser)].sort());
  });

  it('create sends ONSONETGROUPADD only (the owner relation\'s SetStat update is swallowed); update and delete their own', async () => {
    for (const event of ['ONSONETGROUPADD', 'ONSONETGROUPUPDATE', 'ONSONETGROUPDELETE']) await bind({ event, handler: handlerUrl });
    const created = await call(sb, 'sonet_group.create', { NAME: 'Live updates' }, DEMO_TOKENS.user);
    const id = Number(created.body.result);
    expect(id).toBeGreaterThan(0);
    await sb.events.settled();
    expect(payloads().map((p) => [p.event, (p.data as { FIELDS: { ID: string } }).FIELDS.ID])).toEqual([['ONSONETGROUPADD', String(id)]]);
    received.length = 0;
    await call(sb, 'sonet_group.update', { GROUP_ID: id, NAME: 'Live updates, renamed' }, DEMO_TOKENS.user);
    await sb.events.settled();
    expect(payloads().map((p) => p.event)).toEqual(['ONSONETGROUPUPDATE']);
    received.length = 0;
    await call(sb, 'sonet_group.delete', { GROUP_ID: id }, DEMO_TOKENS.user);
    await sb.events.settled();
    expect(payloads().map((p) => p.event)).toEqual(['ONSONETGROUPDELETE']);
  });

  it('fires nothing for a read, and nothing without bindings', async () => {
    await bind({ event: 'ONSONETGROUPUPDATE', handler: handlerUrl });
    await call(sb, 'sonet_group.get', {}, DEMO_TOKENS.user);
    await sb.events.settled();
    expect(received).toEqual([]);
  });

  it('the drop switch loses deliveries for good (no retry), recorded as dropped', async () => {
    await bind({ event: 'ONSONETGROUPUPDATE', handler: handlerUrl });
    const sw = await raw(sb, '/sandbox/events', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"drop":true}' });
    expect(sw.body.drop).toBe(true);
    await join(F.closedGroupWithoutDemoUser);
    sb.events.dropDeliveries = false;
    await join(F.openGroupWithoutDemoUser);
    await sb.events.settled();
    expect(sb.events.deliveries().map((d) => d.outcome)).toEqual(['dropped', 'delivered']);
    expect(payloads().map((p) => (p.data as { FIELDS: { ID: string } }).FIELDS.ID)).toEqual([String(F.openGroupWithoutDemoUser)]);
    const bad = await raw(sb, '/sandbox/events', { method: 'POST', body: '{"drop":"yes"}' });
    expect(bad.status).toBe(400);
  });

  it('a handler that fails is not retried', async () => {
    await bind({ event: 'ONSONETGROUPUPDATE', handler: 'http://127.0.0.1:1/nothing-listens' });
    await join(F.closedGroupWithoutDemoUser);
    await sb.events.settled();
    expect(sb.events.deliveries()).toMatchObject([{ outcome: 'failed' }]);
  });
});

describe('offline queue', () => {
  const offlineGet = (params: Record<string, unknown>, token: string = DEMO_TOKENS.admin) => call(sb, 'event.offline.get', params, token);

  beforeEach(async () => {
    expect((await bind({ event: 'ONSONETGROUPUPDATE', event_type: 'offline' })).body.result).toBe(true);
  });

  it('collapses pending updates of one group into one row with MESSAGE_ID = md5(name|json(data))', async () => {
    await join(F.closedGroupWithoutDemoUser);
    clock.advance(1000);
    await join(F.closedGroupWithoutDemoUser, DEMO_TOKENS.user);
    const rows = sb.events.offlineRows();
    expect(rows).toHaveLength(1);
    const { createHash } = await import('node:crypto');
    const json = JSON.stringify({ FIELDS: { ID: F.closedGroupWithoutDemoUser } });
    expect(rows[0]?.messageId).toBe(createHash('md5').update(`ONSONETGROUPUPDATE|${json}`).digest('hex'));
    expect(rows[0]?.timestampMs).toBe(clock.value());
    expect(rows[0]?.eventAdditional).toEqual({ user_id: F.demoUserId });
  });

  it('is admin only', async () => {
    const r = await offlineGet({}, DEMO_TOKENS.user);
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ error: 'ACCESS_DENIED', error_description: 'Access denied!' });
  });

  it('clear=1 (default) hands the rows out once with process_id null', async () => {
    await join(F.closedGroupWithoutDemoUser);
    const r = await offlineGet({});
    expect(r.body.result.process_id).toBeNull();
    expect(r.body.result.events).toHaveLength(1);
    const e = r.body.result.events[0];
    expect(Object.keys(e)).toEqual(['ID', 'TIMESTAMP_X', 'EVENT_NAME', 'EVENT_DATA', 'EVENT_ADDITIONAL', 'MESSAGE_ID']);
    expect(e.EVENT_DATA).toEqual({ FIELDS: { ID: F.closedGroupWithoutDemoUser } });
    expect((await offlineGet({})).body.result.events).toEqual([]);
  });

  it('clear=0 reserves rows for a process; a change meanwhile makes a new row; clear acknowledges', async () => {
    await join(F.closedGroupWithoutDemoUser);
    const first = await offlineGet({ clear: 0 });
    const pid = first.body.result.process_id as string;
    expect(pid).toMatch(/^[0-9a-f]{32}$/);
    expect(first.body.result.events).toHaveLength(1);
    // hidden from a parallel reader
    expect((await offlineGet({ clear: 0 })).body.result.events).toEqual([]);
    await join(F.closedGroupWithoutDemoUser, DEMO_TOKENS.user);
    expect(sb.events.offlineRows()).toHaveLength(2);
    const cleared = await call(sb, 'event.offline.clear', { process_id: pid }, DEMO_TOKENS.admin);
    expect(cleared.body.result).toBe(true);
    const left = sb.events.offlineRows();
    expect(left).toHaveLength(1);
    expect(left[0]?.processId).toBe('');
  });

  it('event.offline.clear needs process_id; event.offline.error marks rows for error=1', async () => {
    const missing = await call(sb, 'event.offline.clear', {}, DEMO_TOKENS.admin);
    expect(missing.body).toEqual({ error: 'ERROR_ARGUMENT', error_description: "Argument 'PROCESS_ID' is null or empty" });
    await join(F.closedGroupWithoutDemoUser);
    const got = await offlineGet({ clear: 0 });
    const pid = got.body.result.process_id as string;
    const mid = got.body.result.events[0].MESSAGE_ID as string;
    expect((await call(sb, 'event.offline.error', { process_id: pid, message_id: [mid] }, DEMO_TOKENS.admin)).body.result).toBe(true);
    expect((await offlineGet({ clear: 0 })).body.result.events).toEqual([]);
    const errors = await offlineGet({ clear: 0, error: 1 });
    expect(errors.body.result.events.map((e: { MESSAGE_ID: string }) => e.MESSAGE_ID)).toEqual([mid]);
  });

  it('filters with the operation before the field and refuses other operations', async () => {
    await join(F.closedGroupWithoutDemoUser);
    await join(F.openGroupWithoutDemoUser);
    const r = await offlineGet({ clear: 0, filter: { '>ID': 1 } });
    expect(r.body.result.events.map((e: { ID: string }) => e.ID)).toEqual(['2']);
    const bad = await offlineGet({ filter: { '!ID': 1 } });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: 'ERROR_ARGUMENT', error_description: 'Filter operation not allowed: !ID' });
  });

  it('an app writing with its own auth_connector gets no echo in that connector queue', async () => {
    await bind({ event: 'ONSONETGROUPUPDATE', event_type: 'offline', auth_connector: 'gw' });
    await call(sb, 'sonet_group.user.request', { GROUP_ID: F.closedGroupWithoutDemoUser, auth_connector: 'gw' }, DEMO_TOKENS.user2);
    expect(sb.events.offlineRows().map((r) => r.connectorId)).toEqual(['']);
  });
});
