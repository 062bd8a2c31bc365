/**
 * The one shared list of refusal kinds: why an operation on a workgroup did not happen, in words a UI can switch on.
 * It lives at the bottom layer because method descriptors map Bitrix24 error codes onto it; the use cases
 * (src/workgroups/) decide the rest, and src/schema/workgroup-errors.ts turns each kind into one GraphQL type.
 * Adding a kind is a compile error until that mapping covers it.
 */
export const REFUSAL_KINDS = [
  /** The group does not exist, or the caller may not see it. */
  'GROUP_NOT_FOUND',
  /** The caller already belongs to the group (owner, moderator or member). */
  'ALREADY_MEMBER',
  /** There is no pending request (the caller's own, or the one a moderator tries to process). */
  'NO_PENDING_REQUEST',
  /** The caller has no pending invitation to the group. */
  'NO_INVITATION',
  /** The caller (or the target user) is not a member of the group. */
  'NOT_A_MEMBER',
  /** The owner cannot leave: ownership must move first. */
  'OWNER_CANNOT_LEAVE',
  /** A member added by department sync cannot leave on their own. */
  'AUTO_MEMBER_CANNOT_LEAVE',
  /** The caller's role or the group's settings do not allow this. */
  'NOT_ALLOWED',
  /** The portal offers no way to do this (e.g. the D7 surface is switched off). */
  'OPERATION_NOT_SUPPORTED',
  /** Bitrix24 refused for a reason of its own; its code and explanation are kept. */
  'PORTAL_REFUSED',
] as const;

export type RefusalKind = (typeof REFUSAL_KINDS)[number];
