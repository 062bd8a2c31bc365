import { describe, expect, it } from 'vitest';
import { signalsOfRows } from '../../../src/events/offline-poller.js';

const row = (name: string, id: unknown) => ({ EVENT_NAME: name, EVENT_DATA: { FIELDS: { ID: id } } });

describe('signalsOfRows', () => {
  it.each([
    ['one update', [row('ONSONETGROUPUPDATE', 5)], [{ groupId: 5, kind: 'UPDATE' }]],
    ['an update after the delete: the delete wins', [row('ONSONETGROUPDELETE', 5), row('ONSONETGROUPUPDATE', 5)], [{ groupId: 5, kind: 'DELETE' }]],
    ['a delete after an update', [row('ONSONETGROUPUPDATE', 5), row('ONSONETGROUPDELETE', 5)], [{ groupId: 5, kind: 'DELETE' }]],
    ['add then update stays an add', [row('ONSONETGROUPADD', 7), row('ONSONETGROUPUPDATE', 7)], [{ groupId: 7, kind: 'ADD' }]],
    ['two groups', [row('ONSONETGROUPUPDATE', 5), row('ONSONETGROUPUPDATE', '6')], [{ groupId: 5, kind: 'UPDATE' }, { groupId: 6, kind: 'UPDATE' }]],
    ['other events and bad ids are skipped', [row('ONCRMLEADADD', 1), row('ONSONETGROUPUPDATE', 'x'), { EVENT_NAME: 'ONSONETGROUPUPDATE' }], []],
  ] as const)('%s', (_t, rows, expected) => {
    expect(signalsOfRows(rows)).toEqual(expected.map((e) => ({ ...e, origin: 'bitrix24' })));
  });
});
