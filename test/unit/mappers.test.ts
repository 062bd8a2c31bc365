import { describe, expect, it } from 'vitest';
import {
  ROLE_LETTER,
  asRow,
  date,
  flag,
  int,
  mapList,
  nonEmptyText,
  role,
  text,
  toGroup,
  toMembership,
  toUser,
  toViewerGroup,
} from '../../src/bitrix24/mappers.js';

/** A `sonet_group.get` row as 23.x sends it: every value a string or null. */
const GROUP_ROW = {
  ID: '77',
  SITE_ID: 's1',
  NAME: 'Sales & Marketing',
  DESCRIPTION: null,
  DATE_CREATE: '2026-03-19T15:01:27+02:00',
  DATE_UPDATE: '2026-03-20T09:00:00+02:00',
  DATE_ACTIVITY: '',
  ACTIVE: 'Y',
  VISIBLE: 'Y',
  OPENED: 'N',
  CLOSED: 'N',
  SUBJECT_ID: '1',
  OWNER_ID: '5',
  KEYWORDS: null,
  IMAGE_ID: null,
  NUMBER_OF_MEMBERS: '12',
  NUMBER_OF_MODERATORS: '2',
  INITIATE_PERMS: 'E',
  SPAM_PERMS: 'K',
  PROJECT: 'N',
  PROJECT_DATE_START: '',
  PROJECT_DATE_FINISH: '',
  SUBJECT_NAME: 'Workgroups',
};

describe('scalar helpers', () => {
  it.each([
    [null, null],
    [undefined, null],
    ['', ''],
    ['abc', 'abc'],
    [12, '12'],
    [false, 'false'],
    [{}, null],
    [[], null],
  ])('text(%j) → %j', (input, expected) => {
    expect(text(input)).toBe(expected);
  });

  it.each([
    [null, null],
    ['', null],
    [' ', ' '],
    ['x', 'x'],
    [0, '0'],
  ])('nonEmptyText(%j) → %j', (input, expected) => {
    expect(nonEmptyText(input)).toBe(expected);
  });

  it.each([
    ['77', 77],
    [' 77 ', 77],
    ['0', 0],
    ['-3', -3],
    [77, 77],
    ['', null],
    ['7.5', null],
    [7.5, null],
    ['12abc', null],
    ['abc', null],
    [null, null],
    [undefined, null],
    [true, null],
    [{}, null],
    [Number.NaN, null],
  ])('int(%j) → %j', (input, expected) => {
    expect(int(input)).toBe(expected);
  });

  it.each([
    ['Y', true],
    ['y', true],
    ['1', true],
    ['true', true],
    [true, true],
    [1, true],
    [2, true],
    ['N', false],
    ['n', false],
    ['0', false],
    ['', false],
    ['false', false],
    ['yes', false],
    [false, false],
    [0, false],
    [null, false],
    [undefined, false],
    [{}, false],
  ])('flag(%j) → %s', (input, expected) => {
    expect(flag(input)).toBe(expected);
  });

  it('date parses ISO-8601 with offset', () => {
    expect(date('2026-03-19T15:01:27+02:00')?.toISOString()).toBe('2026-03-19T13:01:27.000Z');
    expect(date('2026-03-19T15:01:27Z')?.toISOString()).toBe('2026-03-19T15:01:27.000Z');
  });

  it.each([[''], ['not a date'], [null], [undefined], [{}], [[]], [1773925430]])('date(%j) → null', (input) => {
    expect(date(input)).toBeNull();
  });

  it.each([
    ['A', 'OWNER'],
    ['E', 'MODERATOR'],
    ['K', 'MEMBER'],
    ['Z', null],
    ['T', null],
    ['a', null],
    ['', null],
    [null, null],
    [1, null],
  ])('role(%j) → %j', (input, expected) => {
    expect(role(input)).toBe(expected);
  });

  it('ROLE_LETTER inverts role()', () => {
    for (const [name, letter] of Object.entries(ROLE_LETTER)) expect(role(letter)).toBe(name);
  });

  it.each([[null], [undefined], ['x'], [5], [[1, 2]]])('asRow(%j) → {}', (input) => {
    expect(asRow(input)).toEqual({});
  });
});

describe('toGroup', () => {
  it('maps a legacy all-strings row', () => {
    expect(toGroup(GROUP_ROW)).toEqual({
      id: 77,
      name: 'Sales & Marketing',
      description: null,
      keywords: null,
      isActive: true,
      isVisible: true,
      isOpen: false,
      isArchived: false,
      isProject: false,
      projectStart: null,
      projectFinish: null,
      createdAt: new Date('2026-03-19T13:01:27Z'),
      updatedAt: new Date('2026-03-20T07:00:00Z'),
      lastActivityAt: null,
      memberCount: 12,
      moderatorCount: 2,
      subjectId: 1,
      subjectName: 'Workgroups',
      ownerId: 5,
      imagePath: null,
    });
  });

  it('maps a project with dates, keywords, an archived flag and an image', () => {
    const group = toGroup({
      ...GROUP_ROW,
      DESCRIPTION: 'Q2 launch',
      KEYWORDS: 'launch,q2',
      CLOSED: 'Y',
      OPENED: 'Y',
      VISIBLE: 'N',
      PROJECT: 'Y',
      PROJECT_DATE_START: '2026-04-01T00:00:00+00:00',
      PROJECT_DATE_FINISH: '2026-06-30T00:00:00+00:00',
      DATE_ACTIVITY: '2026-03-21T10:00:00+00:00',
      IMAGE: '/upload/x.png',
    });
    expect(group).toMatchObject({
      description: 'Q2 launch',
      keywords: 'launch,q2',
      isArchived: true,
      isOpen: true,
      isVisible: false,
      isProject: true,
      projectStart: new Date('2026-04-01T00:00:00Z'),
      projectFinish: new Date('2026-06-30T00:00:00Z'),
      lastActivityAt: new Date('2026-03-21T10:00:00Z'),
      imagePath: '/upload/x.png',
    });
  });

  it('maps the integer-typed ORM row shape too', () => {
    expect(toGroup({ ID: 622, NAME: 'X', NUMBER_OF_MEMBERS: 3, ACTIVE: 'Y' })).toMatchObject({ id: 622, memberCount: 3, isActive: true });
  });

  it('fills defaults for a row with only an ID', () => {
    expect(toGroup({ ID: '1' })).toEqual({
      id: 1,
      name: '',
      description: null,
      keywords: null,
      isActive: false,
      isVisible: false,
      isOpen: false,
      isArchived: false,
      isProject: false,
      projectStart: null,
      projectFinish: null,
      createdAt: null,
      updatedAt: null,
      lastActivityAt: null,
      memberCount: 0,
      moderatorCount: 0,
      subjectId: null,
      subjectName: null,
      ownerId: null,
      imagePath: null,
    });
  });

  it('treats "" keywords, subject name and image as null, and {} dates as null', () => {
    expect(toGroup({ ID: '1', KEYWORDS: '', SUBJECT_NAME: '', IMAGE: '', DATE_CREATE: {} })).toMatchObject({
      keywords: null,
      subjectName: null,
      imagePath: null,
      createdAt: null,
    });
  });

  it.each([[null], [undefined], ['77'], [77], [[]], [[{ ID: '1' }]], [{}], [{ ID: null }], [{ ID: '' }], [{ ID: 'abc' }], [{ NAME: 'x' }]])(
    'garbage %j → null',
    (row) => {
      expect(toGroup(row)).toBeNull();
    },
  );
});

describe('toUser', () => {
  it('maps a user.get row with a boolean ACTIVE', () => {
    expect(
      toUser({
        ID: '5',
        ACTIVE: true,
        NAME: 'Anna',
        LAST_NAME: 'Ivanova',
        EMAIL: 'anna@example.com',
        PERSONAL_PHOTO: 'https://cdn.example/a.png',
        WORK_POSITION: '',
        IS_ONLINE: 'N',
      }),
    ).toEqual({
      id: 5,
      name: 'Anna',
      lastName: 'Ivanova',
      email: 'anna@example.com',
      photoUrl: 'https://cdn.example/a.png',
      workPosition: null,
      isActive: true,
      isOnline: false,
    });
  });

  it.each([
    [true, true],
    [false, false],
    ['Y', true],
    ['N', false],
  ])('ACTIVE %j → isActive %s', (active, expected) => {
    expect(toUser({ ID: '1', ACTIVE: active })?.isActive).toBe(expected);
  });

  it('maps empty strings and nulls to null', () => {
    expect(toUser({ ID: 9, NAME: '', LAST_NAME: null, IS_ONLINE: 'Y' })).toEqual({
      id: 9,
      name: null,
      lastName: null,
      email: null,
      photoUrl: null,
      workPosition: null,
      isActive: false,
      isOnline: true,
    });
  });

  it.each([[null], ['x'], [{}], [{ ID: 'x' }], [{ ID: '' }]])('garbage %j → null', (row) => {
    expect(toUser(row)).toBeNull();
  });
});

describe('toMembership', () => {
  it.each([
    ['A', 'OWNER'],
    ['E', 'MODERATOR'],
    ['K', 'MEMBER'],
  ] as const)('ROLE %s → %s', (letter, expected) => {
    expect(toMembership(77, { USER_ID: '5', ROLE: letter, USER_NAME: 'Anna' })).toEqual({ groupId: 77, userId: 5, role: expected });
  });

  it.each([
    [{ USER_ID: '5', ROLE: 'Z' }],
    [{ USER_ID: '5', ROLE: 'T' }],
    [{ USER_ID: '5' }],
    [{ ROLE: 'K' }],
    [{ USER_ID: 'x', ROLE: 'K' }],
    [null],
    ['K'],
  ])('not a membership: %j', (row) => {
    expect(toMembership(77, row)).toBeNull();
  });
});

describe('toViewerGroup', () => {
  it('maps a sonet_group.user.groups row', () => {
    expect(toViewerGroup({ GROUP_ID: '77', GROUP_NAME: 'Sales', ROLE: 'E' })).toEqual({ groupId: 77, groupName: 'Sales', role: 'MODERATOR' });
  });

  it('defaults a missing group name to ""', () => {
    expect(toViewerGroup({ GROUP_ID: '77', GROUP_NAME: null, ROLE: 'K' })).toEqual({ groupId: 77, groupName: '', role: 'MEMBER' });
  });

  it.each([[{ GROUP_ID: '77', ROLE: 'Z' }], [{ GROUP_ID: '', ROLE: 'A' }], [{ ROLE: 'A' }], [[]], [undefined]])('not a membership: %j', (row) => {
    expect(toViewerGroup(row)).toBeNull();
  });
});

describe('mapList', () => {
  it('maps [] and {} to []', () => {
    expect(mapList([], toGroup)).toEqual([]);
    expect(mapList({}, toGroup)).toEqual([]);
  });

  it.each([[null], [undefined], ['rows'], [5], [true]])('maps a non-list %j to []', (value) => {
    expect(mapList(value, toGroup)).toEqual([]);
  });

  it('drops garbage rows and keeps the order of good ones', () => {
    const rows = [{ ID: '2' }, null, 'x', { ID: 'bad' }, { ID: '1' }, [], { NAME: 'no id' }];
    expect(mapList(rows, toGroup).map((group) => group.id)).toEqual([2, 1]);
  });

  it('accepts an object-shaped list (PHP array with non-sequential keys)', () => {
    expect(mapList({ '3': { ID: '3' }, '7': { ID: '7' } }, toUser).map((user) => user.id)).toEqual([3, 7]);
  });

  it('passes each row to the mapper', () => {
    expect(mapList([{ USER_ID: '1', ROLE: 'A' }, { USER_ID: '2', ROLE: 'Z' }], (row) => toMembership(5, row))).toEqual([
      { groupId: 5, userId: 1, role: 'OWNER' },
    ]);
  });
});

describe('role() looks up own keys only', () => {
  it.each(['toString', 'constructor', 'valueOf', '__proto__', 'hasOwnProperty'])('%s is not a role', (value) => {
    expect(role(value)).toBeNull();
    expect(toMembership(7, { USER_ID: '5', ROLE: value })).toBeNull();
  });
});
