/**
 * Per-request DataLoaders over the caller's Bitrix24 session. One set per GraphQL request, hence per token:
 * nothing cached here outlives the request or crosses to another caller.
 *
 * Each loader turns one tick's keys into as few calls as possible (ids are merged 50 per call); the session then
 * coalesces the calls of every loader that dispatched in that tick into one HTTP request.
 */
import DataLoader from 'dataloader';
import {
  getCurrentUser,
  getGroupMembers,
  getGroupsByIds,
  getUsersByIds,
  getViewerGroups,
} from '../bitrix24/api.js';
import type { Group, GroupMembership, User, ViewerGroup } from '../bitrix24/model.js';
import type { Bitrix24Session } from '../bitrix24/session.js';

/**
 * 2,500 ids = 50 calls of 50 ids = one full `batch` request. Larger key sets are split by DataLoader and still
 * leave in the same tick, so the session sends ceil(calls / 50) batches.
 */
const MAX_IDS_PER_DISPATCH = 2_500;

export interface Loaders {
  groupById: DataLoader<number, Group | null>;
  userById: DataLoader<number, User | null>;
  membersByGroup: DataLoader<number, GroupMembership[]>;
  viewer: () => Promise<User>;
  viewerGroups: () => Promise<ViewerGroup[]>;
  /** Forget what the request has read about a group after writing to it. */
  forgetGroup(groupId: number): void;
}

function once<T>(load: () => Promise<T>): { get: () => Promise<T>; reset: () => void } {
  let pending: Promise<T> | undefined;
  return {
    get: () => (pending ??= load()),
    reset: () => {
      pending = undefined;
    },
  };
}

/**
 * `session` is asked for lazily, on the first load: a request without a token builds its loaders like any other
 * and fails with UNAUTHENTICATED only if a resolver actually needs Bitrix24.
 */
export function createLoaders(session: () => Bitrix24Session): Loaders {
  const groupById = new DataLoader<number, Group | null>(
    async (ids) => {
      const found = await getGroupsByIds(session(), ids);
      return ids.map((id) => found.get(id) ?? null);
    },
    { maxBatchSize: MAX_IDS_PER_DISPATCH },
  );
  const userById = new DataLoader<number, User | null>(
    async (ids) => {
      const found = await getUsersByIds(session(), ids);
      return ids.map((id) => found.get(id) ?? null);
    },
    { maxBatchSize: MAX_IDS_PER_DISPATCH },
  );
  // Bitrix24 has no multi-group member listing: one sonet_group.user.get per group, all in one tick. A failure is
  // returned per key, so one group's error never fails its neighbours.
  const membersByGroup = new DataLoader<number, GroupMembership[]>((groupIds) =>
    Promise.all(groupIds.map((groupId) => getGroupMembers(session(), groupId).catch((error: unknown) => error as Error))),
  );
  const viewer = once(() => getCurrentUser(session()));
  const viewerGroups = once(() => getViewerGroups(session()));
  return {
    groupById,
    userById,
    membersByGroup,
    viewer: viewer.get,
    viewerGroups: viewerGroups.get,
    forgetGroup(groupId) {
      groupById.clear(groupId);
      membersByGroup.clear(groupId);
      viewerGroups.reset();
    },
  };
}
