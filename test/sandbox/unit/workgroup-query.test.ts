import { describe, expect, it } from 'vitest';
import type { FieldDef } from '../../../src/sandbox/filter.js';
import { camelKey, d7Page, listOrder, listSelect, parseGetListFilter } from '../../../src/sandbox/methods/workgroup-query.js';
import { canInitiate, formatReadable, formatSiteEn, privacyCode, workgroupActions } from '../../../src/sandbox/methods/workgroup.js';
import type { Standing } from '../../../src/sandbox/methods/workgroup.js';
import type { GroupRecord } from '../../../src/sandbox/store.js';

interface Row {
  ID: number;
  NAME: string;
  DATE_CREATE: number;
}
const FIELDS: Record<string, FieldDef<Row>> = {
  ID: { type: 'int', get: (r) => r.ID },
  NAME: { type: 'string', get: (r) => r.NAME },
  DATE_CREATE: { type: 'date', get: (r) => r.DATE_CREATE },
};
const CTX = { offsetMinutes: 180, nowMs: 0 };

describe('parseGetListFilter (CSqlUtil operators, unsanitised)', () => {
  it.each([
    ['ID', 5, '=', false, [5]],
    ['=ID', 5, '=', false, [5]],
    ['@ID', [1, 2], '=', false, [1, 2]],
    ['@ID', '3, 4', '=', false, [3, 4]],
    ['!@ID', [1], '=', true, [1]],
    ['>ID', '7', '>', false, [7]],
    ['>=ID', 7, '>=', false, [7]],
    ['<ID', 7, '<', false, [7]],
    ['<=ID', 7, '<=', false, [7]],
    ['!ID', 7, '=', true, [7]],
    ['!=ID', 7, '=', true, [7]],
    ['+ID', 7, '=', false, [7]],
    ['%NAME', 'pro', '%', false, ['pro']],
    ['!%NAME', 'pro', '%', true, ['pro']],
    ['=%NAME', 'pro%', 'like', false, ['pro%']],
    ['%=NAME', 'pro%', 'like', false, ['pro%']],
    ['!=%NAME', 'pro%', 'like', true, ['pro%']],
    ['?NAME', 'pro', '%', false, ['pro']],
    ['%ID', 5, '=', false, [5]],
  ])('%s = %j → op %s, negate %s, values %j', (key, value, op, negate, values) => {
    const [c] = parseGetListFilter({ [key]: value }, FIELDS, CTX);
    expect(c).toMatchObject({ op, negate, values });
  });

  it.each([['><ID'], ['!><ID'], ['id'], ['Name'], ['UNKNOWN'], ['#ID']])('drops %s', (key) => {
    expect(parseGetListFilter({ [key]: 1 }, FIELDS, CTX)).toEqual([]);
  });

  it('ignores empty arrays and a non-array filter', () => {
    expect(parseGetListFilter({ ID: [] }, FIELDS, CTX)).toEqual([]);
    expect(parseGetListFilter('ID=1', FIELDS, CTX)).toEqual([]);
  });
});

describe('list helpers', () => {
  it('listSelect: whitelist, default ID, ID first, no duplicates, case-sensitive', () => {
    expect(listSelect(undefined)).toEqual(['ID']);
    expect(listSelect([])).toEqual(['ID']);
    expect(listSelect(['NAME', 'ID', 'NAME', 'name', 'SEARCH_INDEX', 'AVATAR', 'TYPE'])).toEqual(['ID', 'NAME', 'AVATAR', 'TYPE']);
    expect(listSelect({ 0: 'OPENED' })).toEqual(['ID', 'OPENED']);
  });

  it.each([
    ['ID', 'id'],
    ['IMAGE_ID', 'imageId'],
    ['NUMBER_OF_MEMBERS', 'numberOfMembers'],
    ['PROJECT_DATE_START', 'projectDateStart'],
  ])('camelKey(%s) = %s', (from, to) => {
    expect(camelKey(from)).toBe(to);
  });

  it('listOrder: known fields only, ASC case-insensitive, anything else DESC', () => {
    const known = (f: string): boolean => f === 'ID' || f === 'NAME';
    expect(listOrder({ NAME: 'asc', ID: 'desc', X: 'ASC' }, known)).toEqual([
      { field: 'NAME', asc: true },
      { field: 'ID', asc: false },
    ]);
    expect(listOrder({ ID: 'up' }, known)).toEqual([{ field: 'ID', asc: false }]);
    expect(listOrder('ID', known)).toEqual([]);
  });

  it.each([
    [undefined, 120, { offset: 0, total: 120, next: 50 }],
    [0, 120, { offset: 0, total: 120, next: 50 }],
    [10, 120, { offset: 0, total: 120, next: 50 }],
    ['50', 120, { offset: 50, total: 120, next: 100 }],
    [100, 120, { offset: 100, total: 120 }],
    [500, 120, { offset: 500, total: 120 }],
    [0, 50, { offset: 0, total: 50 }],
    [-1, 120, { offset: 0 }],
    ['-1', 0, { offset: 0 }],
    [-5, 120, { offset: 0, total: 120, next: 50 }],
  ])('d7Page(start=%j, rows=%i) = %j', (startParam, rows, page) => {
    expect(d7Page(startParam, rows)).toEqual(page);
  });
});

describe('workgroup.get decisions', () => {
  const group = (p: Partial<GroupRecord>): GroupRecord => ({ visible: 'Y', opened: 'Y', closed: 'N', initiatePerms: 'K', ...p }) as GroupRecord;
  const who = (role?: Standing['role'], initiatedByType?: Standing['initiatedByType'], admin = false): Standing => ({ admin, role, initiatedByType });

  it.each([
    ['Y', 'Y', 'open'],
    ['Y', 'N', 'closed'],
    ['N', 'N', 'secret'],
    ['N', 'Y', 'secret'],
  ] as const)('privacyCode(VISIBLE=%s, OPENED=%s) = %s', (visible, opened, code) => {
    expect(privacyCode({ visible, opened })).toBe(code);
  });

  it.each([
    ['A', 'A', true], ['A', 'E', false], ['E', 'A', true], ['E', 'E', true], ['E', 'K', false],
    ['K', 'K', true], ['K', 'Z', false], ['K', undefined, false],
  ] as const)('canInitiate(INITIATE_PERMS=%s, role=%s) = %s', (perms, role, ok) => {
    expect(canInitiate(who(role), perms)).toBe(ok);
  });

  it('admins always initiate', () => {
    expect(canInitiate(who(undefined, undefined, true), 'A')).toBe(true);
  });

  it.each([
    ['stranger, open group', group({}), who(), { JOIN: true, LEAVE: false, EDIT: false }],
    ['stranger, archived group', group({ closed: 'Y' }), who(), { JOIN: false }],
    ['stranger, secret group', group({ visible: 'N' }), who(), { JOIN: false }],
    ['invited by the group', group({}), who('Z', 'G'), { JOIN: true }],
    ['own pending request', group({}), who('Z', 'U'), { JOIN: false, FOLLOW: false }],
    ['member', group({}), who('K'), { JOIN: false, LEAVE: true, FOLLOW: true, EDIT: false }],
    ['moderator', group({}), who('E'), { LEAVE: true, EDIT: false }],
    ['member kept by department sync (AUTO_MEMBER)', group({}), { ...who('K'), autoMember: true }, { LEAVE: false, FOLLOW: true }],
    ['moderator kept by department sync', group({}), { ...who('E'), autoMember: true }, { LEAVE: false }],
    ['member who is the scrum master', group({}), { ...who('K'), scrumMaster: true }, { LEAVE: false }],
    ['owner', group({}), who('A'), { LEAVE: false, EDIT: true, DELETE: true, EDIT_FEATURES: true }],
    ['admin', group({ visible: 'N' }), who(undefined, undefined, true), { EDIT: true, DELETE: true, JOIN: true }],
  ])('ACTIONS for %s', (_title, g, s, expected) => {
    expect(workgroupActions(g, s)).toMatchObject(expected);
  });

  it('formatSiteEn prints the documented MM/DD/YYYY hh:mm:ss in the portal offset', () => {
    expect(formatSiteEn(Date.UTC(2025, 3, 17, 16, 37, 55, 900), 180)).toBe('04/17/2025 19:37:55');
  });

  const NOW = Date.UTC(2026, 3, 17, 9, 0, 0); // 12:00 at +03:00
  it.each([
    ['today', Date.UTC(2026, 3, 17, 0, 5), 'today, 03:05'],
    ['yesterday in the portal zone', Date.UTC(2026, 3, 16, 20, 59), 'yesterday, 23:59'],
    ['earlier this year', Date.UTC(2026, 0, 2, 11, 42), 'January 2, 14:42'],
    ['another year', Date.UTC(2024, 5, 11, 12, 8), 'June 11, 2024 15:08'],
  ])('formatReadable: %s', (_title, ms, text) => {
    expect(formatReadable(ms, NOW, 180)).toBe(text);
  });
});
