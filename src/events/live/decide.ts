/**
 * What one subscriber is told about one group, from what they could read before and after (pure; tested as a
 * table). "Real differences only": a re-read that finds the same thing emits nothing.
 */
export type GroupChangeKind = 'UPDATED' | 'DELETED' | 'MEMBERSHIP_CHANGED';

export interface GroupView {
  /** The group as this subscriber reads it, serialised; null when they cannot see it (or it is gone). */
  group: string | null;
  /** Its members and roles as this subscriber reads them, serialised; null when they cannot read them. */
  members: string | null;
}

export function decideGroupChange(before: GroupView | undefined, after: GroupView, deleteSignalled: boolean): GroupChangeKind | undefined {
  // First read: the baseline a later change is measured against.
  if (before === undefined) return undefined;
  if (before.group === null && after.group === null) return undefined;
  // Gone from their sight: deleted when Bitrix24 or the gateway said so; otherwise their own relation changed
  // (removed from a secret group). A late update for a group already reported deleted finds null twice: nothing.
  if (after.group === null) return deleteSignalled ? 'DELETED' : 'MEMBERSHIP_CHANGED';
  if (before.group === null) return 'MEMBERSHIP_CHANGED';
  if (before.members !== after.members) return 'MEMBERSHIP_CHANGED';
  if (before.group !== after.group) return 'UPDATED';
  return undefined;
}

/**
 * The viewer's own relation to each group they have one with (groupId → status): OWNER, MODERATOR, MEMBER from the
 * legacy list of their groups, REQUEST_PENDING and INVITATION_PENDING from standing reads. A group with no entry is
 * NONE. The groups whose entry appeared, went or changed.
 */
export function viewerGroupsDiff(before: ReadonlyMap<number, string> | undefined, after: ReadonlyMap<number, string>): number[] {
  if (before === undefined) return [];
  const changed = new Set<number>();
  for (const [groupId, status] of after) if (before.get(groupId) !== status) changed.add(groupId);
  for (const groupId of before.keys()) if (!after.has(groupId)) changed.add(groupId);
  return [...changed].sort((a, b) => a - b);
}

/** The relations a standing read reports that the legacy list of the viewer's groups never shows. */
const PENDING = new Set(['REQUEST_PENDING', 'INVITATION_PENDING']);

function isPendingRelation(status: string): boolean {
  return PENDING.has(status);
}

export interface ViewerReads {
  /** The legacy list of the viewer's groups: member roles only (OWNER, MODERATOR, MEMBER), every group. */
  memberships: ReadonlyMap<number, string>;
  /**
   * The viewer's relation to each group a signal named, from a standing read (BITRIX24_D7_API=on; empty when off):
   * OWNER … INVITATION_PENDING or NONE, and null when the group is not visible to them (or gone), which tells
   * nothing about a pending state.
   */
  relations: ReadonlyMap<number, string | null>;
  /** Groups a delete was signalled for: a pending entry of a group that is gone goes with it. */
  deleted: ReadonlySet<number>;
}

/**
 * The snapshot after one re-read. The legacy list is the whole truth about member roles; pending states come only
 * from standing reads of the groups a signal named, so a pending entry is carried from `before` until a later
 * read of that same group says otherwise (a standing that is not pending, or the group deleted). Without the carry,
 * the next event on any other group would find the entry gone and report a change that did not happen.
 */
export function nextViewerView(before: ReadonlyMap<number, string> | undefined, reads: ViewerReads): Map<number, string> {
  const after = new Map(reads.memberships);
  const pendingOf = (groupId: number): string | undefined => {
    if (after.has(groupId)) return undefined; // a member role listed now wins over any pending state
    const relation = reads.relations.get(groupId);
    if (relation !== undefined && relation !== null) return isPendingRelation(relation) ? relation : undefined;
    if (reads.deleted.has(groupId)) return undefined;
    // Not read this time, or read as invisible (null): nothing says the pending state ended. Keep it.
    const carried = before?.get(groupId);
    return carried !== undefined && isPendingRelation(carried) ? carried : undefined;
  };
  const candidates = new Set<number>([...reads.relations.keys(), ...(before?.keys() ?? [])]);
  for (const groupId of [...candidates].sort((a, b) => a - b)) {
    const pending = pendingOf(groupId);
    if (pending !== undefined) after.set(groupId, pending);
  }
  return after;
}
