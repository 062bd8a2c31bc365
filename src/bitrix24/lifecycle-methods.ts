/**
 * Descriptors of the methods the caller's side of the membership lifecycle uses (see descriptor.ts, and
 * docs/lifecycle.md for which operation uses which method). All `socialnetwork.api.*` methods are Bitrix24's D7
 * controller, scope `socialnetwork`: camelCase arguments bound by name, coded errors. `workgroup.get` is documented
 * upstream; the `usertogroup.*` actions are not (Bitrix24's mobile app calls them), hence BITRIX24_D7_API.
 *
 * The D7 helpers' error codes are the numeric codes of Main's exception classes, as strings: `100` (argument), `403`
 * (access denied), `510` (object not found). They are mapped to the likeliest kind; the use cases confirm the
 * outcome from the re-read that follows every write, so a code never decides alone.
 */
import { Bitrix24Error, LocalErrorCode } from './errors.js';
import type { MethodDescriptor } from './descriptor.js';
import { asRow, flag, int } from './mappers.js';
import { toGroupStanding, type GroupStanding } from './standing.js';

export const WORKGROUP_GET = 'socialnetwork.api.workgroup.get';

/**
 * `socialnetwork.api.workgroup.get` with the caller's USER_DATA and ACTIONS: the caller's standing in one group.
 * Every input sits inside `params` (a top-level groupId is ignored upstream). Not found and not visible are one
 * answer, SONET_CONTROLLER_WORKGROUP_NOT_FOUND: a secret group hides from its pending invitees too.
 */
export const workgroupStanding: MethodDescriptor<{ groupId: number }, GroupStanding> = {
  method: WORKGROUP_GET,
  writes: false,
  encode: ({ groupId }) => ({ params: { groupId, select: ['USER_DATA', 'ACTIONS'] } }),
  decode: (answer) => toGroupStanding(answer.result, WORKGROUP_GET),
  refusals: { SONET_CONTROLLER_WORKGROUP_NOT_FOUND: 'GROUP_NOT_FOUND' },
};

export interface Profile {
  id: number;
  /** ADMIN: the portal administrator (not a socialnetwork module admin who is not one). */
  isPortalAdmin: boolean;
}

/** `profile`: the caller's id, with no scope needed (user.current needs the `user` scope). */
export const profile: MethodDescriptor<void, Profile> = {
  method: 'profile',
  writes: false,
  encode: () => ({}),
  decode: (answer) => {
    const row = asRow(answer.result);
    const id = int(row.ID);
    if (id === null) throw new Bitrix24Error({ kind: 'protocol', code: LocalErrorCode.protocol, description: 'profile returned no user id', method: 'profile' });
    return { id, isPortalAdmin: flag(row.ADMIN) };
  },
  refusals: {},
};

/** `result: true`; anything else (false, an object) is not a confirmation. */
const isTrue = (answer: { result: unknown }): boolean => answer.result === true;
/** join/leave answer `{success: true}`. */
const isSuccess = (answer: { result: unknown }): boolean => asRow(answer.result).success === true;

/**
 * `…usertogroup.cancelIncomingRequest {userId, groupId}`: deletes the Z/U relation the caller made. Refuses loudly:
 * 510 (no relation), 403 (the relation is not a request the caller made), 100 (bad ids).
 */
export const cancelIncomingRequest: MethodDescriptor<{ userId: number; groupId: number }, boolean> = {
  method: 'socialnetwork.api.usertogroup.cancelIncomingRequest',
  writes: true,
  encode: ({ userId, groupId }) => ({ userId, groupId }),
  decode: isTrue,
  refusals: { '510': 'NO_PENDING_REQUEST', '403': 'NO_PENDING_REQUEST', '100': 'PORTAL_REFUSED' },
};

/**
 * `…usertogroup.leave {params: {groupId}}`: deletes the caller's K or E relation. 403 for the owner, a member kept by
 * department sync, the scrum master, and anyone who is not a member: the checks tell those apart before the write.
 */
export const leave: MethodDescriptor<{ groupId: number }, boolean> = {
  method: 'socialnetwork.api.usertogroup.leave',
  writes: true,
  encode: ({ groupId }) => ({ params: { groupId } }),
  decode: isSuccess,
  refusals: { '403': 'NOT_ALLOWED', SONET_CONTROLLER_USERTOGROUP_NO_GROUP: 'GROUP_NOT_FOUND' },
};

/** `…usertogroup.acceptOutgoingRequest {groupId}`: the caller's invitation (Z/G) becomes membership (K). */
export const acceptOutgoingRequest: MethodDescriptor<{ groupId: number }, boolean> = {
  method: 'socialnetwork.api.usertogroup.acceptOutgoingRequest',
  writes: true,
  encode: ({ groupId }) => ({ groupId }),
  decode: isTrue,
  refusals: { ERROR_NO_GROUP_REQUEST: 'NO_INVITATION' },
};

/** `…usertogroup.rejectOutgoingRequest {groupId}`: the caller's invitation (Z/G) is deleted. */
export const rejectOutgoingRequest: MethodDescriptor<{ groupId: number }, boolean> = {
  method: 'socialnetwork.api.usertogroup.rejectOutgoingRequest',
  writes: true,
  encode: ({ groupId }) => ({ groupId }),
  decode: isTrue,
  refusals: { ERROR_NO_GROUP_REQUEST: 'NO_INVITATION' },
};
