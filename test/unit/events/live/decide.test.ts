import { describe, expect, it } from 'vitest';
import { decideGroupChange, viewerGroupsDiff, type GroupView } from '../../../../src/events/live/decide.js';

const v = (group: string | null, members: string | null): GroupView => ({ group, members });

describe('decideGroupChange', () => {
  it.each([
    ['first read is a baseline', undefined, v('g1', 'm1'), false, undefined],
    ['nothing changed', v('g1', 'm1'), v('g1', 'm1'), false, undefined],
    ['a field changed', v('g1', 'm1'), v('g2', 'm1'), false, 'UPDATED'],
    ['members changed (with the count)', v('g1', 'm1'), v('g2', 'm2'), false, 'MEMBERSHIP_CHANGED'],
    ['deleted', v('g1', 'm1'), v(null, null), true, 'DELETED'],
    ['lost sight without a delete: removed from a secret group', v('g1', 'm1'), v(null, null), false, 'MEMBERSHIP_CHANGED'],
    ['became visible: joined a secret group', v(null, null), v('g1', 'm1'), false, 'MEMBERSHIP_CHANGED'],
    ['never visible: a non-member hears nothing of a secret group', v(null, null), v(null, null), false, undefined],
    ['an update after the delete finds nothing new', v(null, null), v(null, null), true, undefined],
  ] as const)('%s', (_title, before, after, deleted, expected) => {
    expect(decideGroupChange(before, after, deleted)).toBe(expected);
  });
});

describe('viewerGroupsDiff', () => {
  const m = (entries: [number, string][]) => new Map(entries);
  it.each([
    ['baseline', undefined, m([[1, 'MEMBER']]), []],
    ['same', m([[1, 'MEMBER']]), m([[1, 'MEMBER']]), []],
    ['joined', m([[1, 'MEMBER']]), m([[1, 'MEMBER'], [5, 'MEMBER']]), [5]],
    ['left', m([[1, 'MEMBER'], [5, 'MEMBER']]), m([[1, 'MEMBER']]), [5]],
    ['promoted', m([[1, 'MEMBER'], [3, 'MEMBER']]), m([[1, 'MODERATOR'], [3, 'MEMBER']]), [1]],
  ] as const)('%s', (_title, before, after, expected) => {
    expect(viewerGroupsDiff(before, after)).toEqual(expected);
  });
});
