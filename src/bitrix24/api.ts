/**
 * Reads built from the method descriptors, for the loaders and the list query. Each function issues all its calls
 * in one tick, so whatever else the same GraphQL request asks for in that tick leaves in the same HTTP request.
 */
import { invoke } from './descriptor.js';
import { toGroupFilter, toGroupOrder, planPages, type GroupFilter, type GroupOrder } from './group-query.js';
import { sonetGroupGet, sonetGroupUserGet, sonetGroupUserGroups, userCurrent, userGet } from './methods.js';
import type { Group, GroupMembership, User, ViewerGroup } from './model.js';
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
  const pages = await Promise.all(chunks([...new Set(ids)], IDS_PER_CALL).map((chunk) => invoke(session, sonetGroupGet, { filter: { ID: chunk } })));
  const byId = new Map<number, Group>();
  for (const page of pages) for (const group of page.groups) byId.set(group.id, group);
  return byId;
}

export async function getUsersByIds(session: Bitrix24Session, ids: readonly number[]): Promise<Map<number, User>> {
  const pages = await Promise.all(chunks([...new Set(ids)], IDS_PER_CALL).map((chunk) => invoke(session, userGet, { ids: chunk })));
  const byId = new Map<number, User>();
  for (const page of pages) for (const user of page) byId.set(user.id, user);
  return byId;
}

export function getGroupMembers(session: Bitrix24Session, groupId: number): Promise<GroupMembership[]> {
  return invoke(session, sonetGroupUserGet, { groupId });
}

export function getCurrentUser(session: Bitrix24Session): Promise<User> {
  return invoke(session, userCurrent, undefined);
}

export function getViewerGroups(session: Bitrix24Session): Promise<ViewerGroup[]> {
  return invoke(session, sonetGroupUserGroups, undefined);
}

export interface GroupPage {
  groups: Group[];
  totalCount: number;
}

/**
 * A page that needs more upstream pages than one batch carries. Configuration validation keeps it unreachable
 * (MAX_PAGE_SIZE); it is a typed error with a stable code, not a RangeError, in case that ever changes.
 */
export class PageTooLargeError extends Error {
  override readonly name = 'PageTooLargeError';
  readonly code = 'PAGE_TOO_LARGE';
  constructor(readonly rows: number) {
    super(`a page of ${rows} rows needs more than ${BATCH_MAX_COMMANDS} upstream pages`);
  }
}

/** Rows [offset, offset + count) of a filtered, ordered group list; all upstream pages in one tick. */
export async function listGroups(
  session: Bitrix24Session,
  query: { filter?: GroupFilter | null | undefined; orderBy?: readonly GroupOrder[] | null | undefined; offset: number; count: number },
): Promise<GroupPage> {
  const filter = toGroupFilter(query.filter);
  if (filter === null) return { groups: [], totalCount: 0 };
  const order = toGroupOrder(query.orderBy);
  const plan = planPages(query.offset, query.count);
  if (plan.starts.length > BATCH_MAX_COMMANDS) throw new PageTooLargeError(query.count);
  const pages = await Promise.all(plan.starts.map((start) => invoke(session, sonetGroupGet, { filter, order, start })));
  // `total` is always present on sonet_group.get; take the largest in case a row was added between pages.
  const totalCount = Math.max(0, ...pages.map((page) => page.total));
  // All pages leave in one batch, before the total is known. A `start` past the end does not answer [] upstream:
  // the legacy list clamps it to the last page, which would repeat rows. Keep only pages that really exist.
  const rows = pages.filter((_page, index) => index === 0 || plan.starts[index]! < totalCount).flatMap((page) => page.groups);
  return { groups: rows.slice(plan.skip, plan.skip + query.count), totalCount };
}
