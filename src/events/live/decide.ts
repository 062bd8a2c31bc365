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

/** The viewer's own relation to each group, e.g. "MEMBER"; the groups whose entry appeared, went or changed. */
export function viewerGroupsDiff(before: ReadonlyMap<number, string> | undefined, after: ReadonlyMap<number, string>): number[] {
  if (before === undefined) return [];
  const changed = new Set<number>();
  for (const [groupId, status] of after) if (before.get(groupId) !== status) changed.add(groupId);
  for (const groupId of before.keys()) if (!after.has(groupId)) changed.add(groupId);
  return [...changed].sort((a, b) => a - b);
}
