/**
 * The re-reads a write batch carries after its write. Each queues its call synchronously (invoke does), so called
 * right after the write in the same tick it leaves in the same batch, after the write.
 */
import { invoke, methods, type Bitrix24Session, type Group, type GroupMembership } from '../bitrix24/index.js';

/** The group as the caller sees it now; null when it is gone or no longer visible. */
export function rereadGroup(session: Bitrix24Session, groupId: number): Promise<Group | null> {
  return invoke(session, methods.sonetGroupGet, { filter: { ID: [groupId] } }).then((page) => page.groups.find((group) => group.id === groupId) ?? null);
}

/** The group's owner, moderators and members now. */
export function rereadMembers(session: Bitrix24Session, groupId: number): Promise<GroupMembership[]> {
  return invoke(session, methods.sonetGroupUserGet, { groupId });
}
