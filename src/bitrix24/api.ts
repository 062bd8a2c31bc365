/**
 * Typed Bitrix24 methods over a session. Each function issues its calls in one tick, so whatever else the same
 * GraphQL request asks for in that tick leaves in the same HTTP request.
 */
import { Bitrix24Error, LocalErrorCode } from './errors.js';
import { toGroupFilter, toGroupOrder, planPages, type GroupFilter, type GroupOrder } from './group-query.js';
import { mapList, toGroup, toMembership, toUser, toViewerGroup } from './mappers.js';
import type { Group, GroupMembership, MembershipRequestStatus, User, ViewerGroup } from './model.js';
import { BATCH_MAX_COMMANDS, type Bitrix24Session } from './session.js';

/** Ids per `sonet_group.get` / `user.get` call: one upstream page holds 50 rows. */
export const IDS_PER_CALL = 50;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < items.length; index += size) out.push(items.slice(index, index + size));
  return out;
}

/** Groups by id, as the caller may see them; invisible or missing ids are simply absent from the map. */
export async function getGroupsByIds(session: Bitrix24Session, ids: readonly number[]): Promise<Map<number, Group>> {
  const pages = await Promise.all(
    chunks([...new Set(ids)], IDS_PER_CALL).map((chunk) => session.call('sonet_group.get', { FILTER: { ID: chunk } })),
  );
  const byId = new Map<number, Group>();
  for (const page of pages) for (const group of mapList(page.result, toGroup)) byId.set(group.id, group);
  return byId;
}

export async function getUsersByIds(session: Bitrix24Session, ids: readonly number[]): Promise<Map<number, User>> {
  const pages = await Promise.all(
    chunks([...new Set(ids)], IDS_PER_CALL).map((chunk) => session.call('user.get', { FILTER: { ID: chunk } })),
  );
  const byId = new Map<number, User>();
  for (const page of pages) for (const user of mapList(page.result, toUser)) byId.set(user.id, user);
  return byId;
}

export async function getGroupMembers(session: Bitrix24Session, groupId: number): Promise<GroupMembership[]> {
  const answer = await session.call('sonet_group.user.get', { ID: groupId });
  return mapList(answer.result, (row) => toMembership(groupId, row));
}

export async function getCurrentUser(session: Bitrix24Session): Promise<User> {
  const answer = await session.call('user.current');
  const user = toUser(answer.result);
  if (!user) {
    throw new Bitrix24Error({ kind: 'protocol', code: LocalErrorCode.protocol, description: 'user.current returned no user id', method: 'user.current' });
  }
  return user;
}

export async function getViewerGroups(session: Bitrix24Session): Promise<ViewerGroup[]> {
  const answer = await session.call('sonet_group.user.groups');
  return mapList(answer.result, toViewerGroup);
}

export interface GroupPage {
  groups: Group[];
  totalCount: number;
}

/** Rows [offset, offset + count) of a filtered, ordered group list; all upstream pages in one tick. */
export async function listGroups(
  session: Bitrix24Session,
  query: { filter?: GroupFilter | null | undefined; orderBy?: readonly GroupOrder[] | null | undefined; offset: number; count: number },
): Promise<GroupPage> {
  const FILTER = toGroupFilter(query.filter);
  if (FILTER === null) return { groups: [], totalCount: 0 };
  const ORDER = toGroupOrder(query.orderBy);
  const plan = planPages(query.offset, query.count);
  if (plan.starts.length > BATCH_MAX_COMMANDS) {
    throw new RangeError(`a page of ${query.count} rows needs more than ${BATCH_MAX_COMMANDS} upstream pages`);
  }
  const pages = await Promise.all(plan.starts.map((start) => session.call('sonet_group.get', { FILTER, ORDER, start })));
  // `total` is always present on sonet_group.get; take the largest in case a row was added between pages.
  const totalCount = Math.max(0, ...pages.map((page) => page.total ?? 0));
  // All pages leave in one batch, before the total is known. A `start` past the end does not answer [] upstream:
  // the legacy list clamps it to the last page, which would repeat rows. Keep only pages that really exist.
  const rows = pages.filter((_page, index) => index === 0 || plan.starts[index]! < totalCount).flatMap((page) => mapList(page.result, toGroup));
  return { groups: rows.slice(plan.skip, plan.skip + query.count), totalCount };
}

/**
 * `sonet_group.user.request`: joins an open group at once, otherwise files a pending request. The caller's status
 * afterwards tells which: the group's OPENED flag as read just before the write.
 */
export async function requestMembership(
  session: Bitrix24Session,
  group: Group,
  message: string | null | undefined,
): Promise<MembershipRequestStatus> {
  await session.call('sonet_group.user.request', { GROUP_ID: group.id, MESSAGE: message ?? '' }, { write: true });
  return group.isOpen ? 'JOINED' : 'REQUESTED';
}
