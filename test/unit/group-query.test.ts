import { describe, expect, it } from 'vitest';
import { type GroupOrder, UPSTREAM_PAGE_SIZE, planPages, toGroupFilter, toGroupOrder } from '../../src/bitrix24/group-query.js';

const JAN = new Date('2026-01-01T00:00:00.000Z');
const FEB = new Date('2026-02-01T12:30:45.678Z');

describe('toGroupFilter', () => {
  it.each([[undefined], [null], [{}]])('%j → {} (match all)', (filter) => {
    expect(toGroupFilter(filter)).toEqual({});
  });

  it('maps every field', () => {
    expect(
      toGroupFilter({
        nameContains: 'Pro',
        ids: [3, 1, 3, 2],
        ownerId: 5,
        subjectId: 1,
        isOpen: true,
        isVisible: false,
        isArchived: false,
        isActive: true,
        isProject: true,
        createdAt: { from: JAN, to: FEB },
        updatedAt: { from: JAN },
        lastActivityAt: { to: FEB },
      }),
    ).toEqual({
      ID: [3, 1, 2],
      '%NAME': 'Pro',
      OWNER_ID: 5,
      SUBJECT_ID: 1,
      OPENED: 'Y',
      VISIBLE: 'N',
      CLOSED: 'N',
      ACTIVE: 'Y',
      PROJECT: 'Y',
      '>=DATE_CREATE': '2026-01-01T00:00:00+00:00',
      '<=DATE_CREATE': '2026-02-01T12:30:45+00:00',
      '>=DATE_UPDATE': '2026-01-01T00:00:00+00:00',
      '<=DATE_ACTIVITY': '2026-02-01T12:30:45+00:00',
    });
  });

  it.each([
    [{ isOpen: true }, { OPENED: 'Y' }],
    [{ isOpen: false }, { OPENED: 'N' }],
    [{ isVisible: true }, { VISIBLE: 'Y' }],
    [{ isArchived: true }, { CLOSED: 'Y' }],
    [{ isActive: false }, { ACTIVE: 'N' }],
    [{ isProject: false }, { PROJECT: 'N' }],
    [{ ownerId: 5 }, { OWNER_ID: 5 }],
    [{ subjectId: 2 }, { SUBJECT_ID: 2 }],
    [{ nameContains: 'a b' }, { '%NAME': 'a b' }],
    [{ ids: [7] }, { ID: [7] }],
  ])('%j → %j', (filter, expected) => {
    expect(toGroupFilter(filter)).toEqual(expected);
  });

  it('returns null for an empty ids list (matches nothing)', () => {
    expect(toGroupFilter({ ids: [] })).toBeNull();
    expect(toGroupFilter({ ids: [], nameContains: 'x' })).toBeNull();
  });

  it('ignores null fields and an empty name', () => {
    expect(
      toGroupFilter({
        nameContains: '',
        ids: null,
        ownerId: null,
        subjectId: null,
        isOpen: null,
        isVisible: null,
        isArchived: null,
        isActive: null,
        isProject: null,
        createdAt: null,
        updatedAt: {},
        lastActivityAt: { from: null, to: null },
      }),
    ).toEqual({});
  });

  it.each([
    ['createdAt', 'DATE_CREATE'],
    ['updatedAt', 'DATE_UPDATE'],
    ['lastActivityAt', 'DATE_ACTIVITY'],
  ] as const)('sends a %s range as two bounds on %s, never "><"', (field, upstream) => {
    const out = toGroupFilter({ [field]: { from: JAN, to: FEB } });
    expect(out).toEqual({ [`>=${upstream}`]: '2026-01-01T00:00:00+00:00', [`<=${upstream}`]: '2026-02-01T12:30:45+00:00' });
    expect(Object.keys(out ?? {}).some((key) => key.includes('><'))).toBe(false);
  });

  it('sends only the bound that is given', () => {
    expect(toGroupFilter({ createdAt: { from: JAN } })).toEqual({ '>=DATE_CREATE': '2026-01-01T00:00:00+00:00' });
    expect(toGroupFilter({ createdAt: { to: JAN } })).toEqual({ '<=DATE_CREATE': '2026-01-01T00:00:00+00:00' });
  });

  it('does not keep a reference to the caller ids array', () => {
    const ids = [1, 2];
    const out = toGroupFilter({ ids });
    ids.push(3);
    expect(out).toEqual({ ID: [1, 2] });
  });
});

describe('toGroupOrder', () => {
  it.each<[string, GroupOrder[] | null | undefined, Record<string, string>]>([
    ['undefined → ID DESC', undefined, { ID: 'DESC' }],
    ['null → ID DESC', null, { ID: 'DESC' }],
    ['[] → ID DESC', [], { ID: 'DESC' }],
    ['ID ASC alone', [{ field: 'ID', direction: 'ASC' }], { ID: 'ASC' }],
    ['NAME gets an ID ASC tie-breaker', [{ field: 'NAME', direction: 'ASC' }], { NAME: 'ASC', ID: 'ASC' }],
    ['DESC field still gets ID ASC', [{ field: 'CREATED_AT', direction: 'DESC' }], { DATE_CREATE: 'DESC', ID: 'ASC' }],
    ['UPDATED_AT', [{ field: 'UPDATED_AT', direction: 'ASC' }], { DATE_UPDATE: 'ASC', ID: 'ASC' }],
    ['LAST_ACTIVITY_AT', [{ field: 'LAST_ACTIVITY_AT', direction: 'DESC' }], { DATE_ACTIVITY: 'DESC', ID: 'ASC' }],
    ['MEMBER_COUNT', [{ field: 'MEMBER_COUNT', direction: 'DESC' }], { NUMBER_OF_MEMBERS: 'DESC', ID: 'ASC' }],
    [
      'explicit ID in the middle keeps its place and direction',
      [
        { field: 'NAME', direction: 'ASC' },
        { field: 'ID', direction: 'DESC' },
        { field: 'MEMBER_COUNT', direction: 'ASC' },
      ],
      { NAME: 'ASC', ID: 'DESC', NUMBER_OF_MEMBERS: 'ASC' },
    ],
    [
      'duplicate field: first wins',
      [
        { field: 'NAME', direction: 'DESC' },
        { field: 'NAME', direction: 'ASC' },
      ],
      { NAME: 'DESC', ID: 'ASC' },
    ],
    [
      'duplicate ID: first wins',
      [
        { field: 'ID', direction: 'ASC' },
        { field: 'ID', direction: 'DESC' },
      ],
      { ID: 'ASC' },
    ],
  ])('%s', (_name, orderBy, expected) => {
    const out = toGroupOrder(orderBy);
    expect(out).toEqual(expected);
    // Key order is the sort priority.
    expect(Object.keys(out)).toEqual(Object.keys(expected));
  });
});

describe('planPages', () => {
  it('pages are 50 rows', () => {
    expect(UPSTREAM_PAGE_SIZE).toBe(50);
  });

  it.each([
    [0, 1, [0], 0],
    [0, 50, [0], 0],
    [0, 51, [0, 50], 0],
    [0, 100, [0, 50], 0],
    [49, 1, [0], 49],
    [49, 2, [0, 50], 49],
    [50, 50, [50], 0],
    [51, 49, [50], 1],
    [99, 1, [50], 49],
    [100, 1, [100], 0],
    [120, 200, [100, 150, 200, 250, 300], 20],
  ])('offset %i, count %i → starts %j, skip %i', (offset, count, starts, skip) => {
    const plan = planPages(offset, count);
    expect(plan).toEqual({ starts, skip });
    // The plan covers rows [offset, offset + count) exactly with whole pages.
    const first = plan.starts[0] ?? Number.NaN;
    const last = plan.starts.at(-1) ?? Number.NaN;
    expect(first + plan.skip).toBe(offset);
    expect(last + UPSTREAM_PAGE_SIZE).toBeGreaterThanOrEqual(offset + count);
    expect(last).toBeLessThan(offset + count);
  });

  it.each([
    [-1, 10],
    [1.5, 10],
    [Number.NaN, 10],
    [Number.POSITIVE_INFINITY, 10],
    [0, 0],
    [0, -1],
    [0, 2.5],
    [0, Number.NaN],
    [0, Number.POSITIVE_INFINITY],
  ])('offset %s, count %s → RangeError', (offset, count) => {
    expect(() => planPages(offset, count)).toThrow(RangeError);
  });

  it('names the invalid argument', () => {
    expect(() => planPages(-1, 10)).toThrow(/offset/);
    expect(() => planPages(0, 0)).toThrow(/count/);
  });
});
