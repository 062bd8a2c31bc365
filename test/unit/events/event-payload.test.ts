import qs from 'qs';
import { describe, expect, it } from 'vitest';
import { applicationTokenMatches, readEventPayload } from '../../../src/events/event-payload.js';

const TOKEN = '51856fefc120afa4b628cc82d3935cce';
const body = (overrides: Record<string, unknown> = {}) =>
  qs.stringify({ event: 'ONSONETGROUPUPDATE', event_handler_id: '7', data: { FIELDS: { ID: '42' } }, ts: '1736424182', auth: { application_token: TOKEN }, ...overrides });

describe('applicationTokenMatches', () => {
  it.each([
    ['equal', TOKEN, TOKEN, true],
    ['different, same length', TOKEN.replace('5', '6'), TOKEN, false],
    ['different length', TOKEN.slice(1), TOKEN, false],
    ['missing', undefined, TOKEN, false],
    ['not a string', ['a'], TOKEN, false],
    ['none configured: fail closed', TOKEN, undefined, false],
    ['empty configured: fail closed', '', '', false],
  ] as const)('%s → %s', (_t, received, configured, expected) => {
    expect(applicationTokenMatches(received, configured)).toBe(expected);
  });
});

describe('readEventPayload', () => {
  it('reads a genuine update into a signal', () => {
    expect(readEventPayload(body(), TOKEN)).toEqual({ ok: true, signal: { groupId: 42, kind: 'UPDATE', origin: 'bitrix24' } });
  });
  it('maps add and delete, case-insensitively', () => {
    expect(readEventPayload(body({ event: 'onSonetGroupDelete' }), TOKEN)).toMatchObject({ signal: { kind: 'DELETE' } });
    expect(readEventPayload(body({ event: 'ONSONETGROUPADD' }), TOKEN)).toMatchObject({ signal: { kind: 'ADD' } });
  });
  it.each([
    ['a wrong token', body({ auth: { application_token: 'x'.repeat(32) } }), 'APPLICATION_TOKEN_INVALID'],
    ['no auth at all', qs.stringify({ event: 'ONSONETGROUPUPDATE', data: { FIELDS: { ID: '42' } } }), 'APPLICATION_TOKEN_INVALID'],
    ['no group id', body({ data: { FIELDS: {} } }), 'MALFORMED_EVENT'],
    ['a non-numeric id', body({ data: { FIELDS: { ID: '4x' } } }), 'MALFORMED_EVENT'],
    ['no event name', body({ event: '' }), 'MALFORMED_EVENT'],
  ])('refuses %s', (_t, text, reason) => {
    expect(readEventPayload(text, TOKEN)).toEqual({ ok: false, reason });
  });
  it('acknowledges an event it does not use without a signal', () => {
    expect(readEventPayload(body({ event: 'ONAPPUPDATE' }), TOKEN)).toEqual({ ok: true, signal: undefined, event: 'ONAPPUPDATE' });
  });
});
