/**
 * One descriptor per REST method the gateway calls (see descriptor.ts). To wrap a new method, add one here and a
 * row to test/unit/bitrix24/methods.test.ts; docs/architecture.md lists the rest of the steps.
 */
import { Bitrix24Error, LocalErrorCode } from './errors.js';
import type { MethodDescriptor } from './descriptor.js';
import { mapList, toGroup, toMembership, toUser, toViewerGroup } from './mappers.js';
import type { Group, GroupMembership, User, ViewerGroup } from './model.js';

const NO_REFUSALS: Readonly<Record<string, never>> = Object.freeze({});

export interface GroupListInput {
  /** Upstream FILTER (upper-case keys: a real portal ignores lower-case `filter`). */
  filter: Record<string, unknown>;
  order?: Record<string, string> | undefined;
  start?: number | undefined;
}

export interface GroupListPage {
  groups: Group[];
  /** `total` of the legacy list (always sent by sonet_group.get); 0 when absent. */
  total: number;
}

/** `sonet_group.get`: groups visible to the caller; one upstream page holds 50 rows. */
export const sonetGroupGet: MethodDescriptor<GroupListInput, GroupListPage> = {
  method: 'sonet_group.get',
  writes: false,
  encode: ({ filter, order, start }) => ({
    FILTER: filter,
    ...(order === undefined ? {} : { ORDER: order }),
    ...(start === undefined ? {} : { start }),
  }),
  decode: (answer) => ({ groups: mapList(answer.result, toGroup), total: answer.total ?? 0 }),
  refusals: NO_REFUSALS,
};

/** `user.get` by ids (user.get upper-cases every key; FILTER is sent upper-case anyway). */
export const userGet: MethodDescriptor<{ ids: readonly number[] }, User[]> = {
  method: 'user.get',
  writes: false,
  encode: ({ ids }) => ({ FILTER: { ID: [...ids] } }),
  decode: (answer) => mapList(answer.result, toUser),
  refusals: NO_REFUSALS,
};

/** `sonet_group.user.get`: a group's owner, moderators and members (never pending requests). */
export const sonetGroupUserGet: MethodDescriptor<{ groupId: number }, GroupMembership[]> = {
  method: 'sonet_group.user.get',
  writes: false,
  encode: ({ groupId }) => ({ ID: groupId }),
  decode: (answer, { groupId }) => mapList(answer.result, (row) => toMembership(groupId, row)),
  refusals: NO_REFUSALS,
};

/** `user.current`: the caller. */
export const userCurrent: MethodDescriptor<void, User> = {
  method: 'user.current',
  writes: false,
  encode: () => ({}),
  decode: (answer) => {
    const user = toUser(answer.result);
    if (!user) {
      throw new Bitrix24Error({ kind: 'protocol', code: LocalErrorCode.protocol, description: 'user.current returned no user id', method: 'user.current' });
    }
    return user;
  },
  refusals: NO_REFUSALS,
};

/** `sonet_group.user.groups`: the caller's own groups with their role (owner, moderator, member; not pending). */
export const sonetGroupUserGroups: MethodDescriptor<void, ViewerGroup[]> = {
  method: 'sonet_group.user.groups',
  writes: false,
  encode: () => ({}),
  decode: (answer) => mapList(answer.result, toViewerGroup),
  refusals: NO_REFUSALS,
};

/**
 * `sonet_group.user.request`: joins an open group at once, otherwise files a pending request. An upsert: it
 * overwrites any relation the caller already has (an owner would be demoted), so callers check first.
 * Its business errors: `""` (group missing or invisible, wrong id; the text is localized), `ERROR_NO_GROUP` (the
 * group is inactive), `ERROR_CORE`/`ERROR_ARGUMENT` (the core refused). Which "" it was is decided by the re-read.
 */
export const sonetGroupUserRequest: MethodDescriptor<{ groupId: number; message: string }, boolean> = {
  method: 'sonet_group.user.request',
  writes: true,
  encode: ({ groupId, message }) => ({ GROUP_ID: groupId, MESSAGE: message }),
  decode: (answer) => answer.result === true,
  refusals: { '': 'PORTAL_REFUSED', ERROR_NO_GROUP: 'PORTAL_REFUSED', ERROR_CORE: 'PORTAL_REFUSED', ERROR_ARGUMENT: 'PORTAL_REFUSED' },
};
