import { describe, expect, it } from 'vitest';
import { decideGroupChange, nextViewerView, viewerGroupsDiff, type GroupView } from '../../../../src/events/live/decide.js';

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

/**
 * One re-read of the viewer's groups, end to end: the snapshot before, what the batch read (the legacy list of
 * member roles; the standing of each group the signals named; the groups deleted), the snapshot after, and the
 * groups viewerGroupsChanged reports.
 */
describe('nextViewerView, then viewerGroupsDiff: pending requests and invitations', () => {
  const m = (entries: [number, string][]) => new Map(entries);
  const r = (entries: [number, string | null][]) => new Map<number, string | null>(entries);
  const none = r([]);
  it.each([
    // title, before, legacy list, standings read, deleted, after, reported
    ['an invitation appears', m([[1, 'MEMBER']]), m([[1, 'MEMBER']]), r([[7, 'INVITATION_PENDING']]), [], m([[1, 'MEMBER'], [7, 'INVITATION_PENDING']]), [7]],
    ['a request becomes pending', m([]), m([]), r([[7, 'REQUEST_PENDING']]), [], m([[7, 'REQUEST_PENDING']]), [7]],
    ['a pending request is accepted', m([[7, 'REQUEST_PENDING']]), m([[7, 'MEMBER']]), r([[7, 'MEMBER']]), [], m([[7, 'MEMBER']]), [7]],
    ['a pending request is withdrawn or denied', m([[7, 'REQUEST_PENDING']]), m([]), r([[7, 'NONE']]), [], m([]), [7]],
    ['an invitation is declined', m([[1, 'MEMBER'], [7, 'INVITATION_PENDING']]), m([[1, 'MEMBER']]), r([[7, 'NONE']]), [], m([[1, 'MEMBER']]), [7]],
    ['an invitation is accepted', m([[7, 'INVITATION_PENDING']]), m([[7, 'MEMBER']]), r([[7, 'MEMBER']]), [], m([[7, 'MEMBER']]), [7]],
    ['a pending state is carried across an event on another group', m([[1, 'MEMBER'], [7, 'REQUEST_PENDING']]), m([[1, 'MEMBER']]), r([[3, 'NONE']]), [], m([[1, 'MEMBER'], [7, 'REQUEST_PENDING']]), []],
    ['a pending state is carried across an event with no standing read (legacy list only)', m([[7, 'INVITATION_PENDING']]), m([]), none, [], m([[7, 'INVITATION_PENDING']]), []],
    ['a rename of a group where the viewer is pending reports nothing', m([[7, 'REQUEST_PENDING']]), m([]), r([[7, 'REQUEST_PENDING']]), [], m([[7, 'REQUEST_PENDING']]), []],
    ['a group that became invisible tells nothing: the pending state is kept', m([[7, 'REQUEST_PENDING']]), m([]), r([[7, null]]), [], m([[7, 'REQUEST_PENDING']]), []],
    ['an invitation to a secret group the viewer cannot see stays unseen', m([]), m([]), r([[9, null]]), [], m([]), []],
    ['a deleted group takes its pending state with it', m([[7, 'INVITATION_PENDING']]), m([]), r([[7, null]]), [7], m([]), [7]],
    ['a member role in the legacy list wins over a pending standing', m([[7, 'MEMBER']]), m([[7, 'MEMBER']]), r([[7, 'REQUEST_PENDING']]), [], m([[7, 'MEMBER']]), []],
    ['a role change still comes from the legacy list', m([[7, 'MEMBER']]), m([[7, 'MODERATOR']]), r([[7, 'MODERATOR']]), [], m([[7, 'MODERATOR']]), [7]],
    ['removed from a group', m([[7, 'MEMBER']]), m([]), r([[7, 'NONE']]), [], m([]), [7]],
    ['baseline: nothing to compare, nothing reported', undefined, m([[1, 'MEMBER']]), none, [], m([[1, 'MEMBER']]), []],
  ] as const)('%s', (_title, before, memberships, relations, deleted, after, reported) => {
    const next = nextViewerView(before, { memberships, relations, deleted: new Set(deleted) });
    expect(next).toEqual(after);
    expect(viewerGroupsDiff(before, next)).toEqual(reported);
  });
});
