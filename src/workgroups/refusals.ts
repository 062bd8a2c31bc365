/**
 * Typed refusals: why a use case did not do what was asked. One variant per kind of the shared list
 * (REFUSAL_KINDS, src/bitrix24/refusal.ts); src/schema/workgroup-errors.ts maps each to one GraphQL type.
 */
import type { GroupRole, RefusalKind } from '../bitrix24/index.js';

interface About<K extends RefusalKind> {
  kind: K;
  groupId: number;
}

export type Refusal =
  | About<'GROUP_NOT_FOUND'>
  | (About<'ALREADY_MEMBER'> & { role: GroupRole })
  | About<'NO_PENDING_REQUEST'>
  | About<'NO_INVITATION'>
  /** userId: the member the operation was about, when it is not the caller. */
  | (About<'NOT_A_MEMBER'> & { userId?: number | undefined })
  | About<'OWNER_CANNOT_LEAVE'>
  | About<'AUTO_MEMBER_CANNOT_LEAVE'>
  | (About<'NOT_ALLOWED'> & { reason: string })
  | (About<'OPERATION_NOT_SUPPORTED'> & { operation: string })
  /** portalCode/portalMessage: Bitrix24's own code (often "") and words, shown as they are, never decided on. */
  | (About<'PORTAL_REFUSED'> & { operation: string; portalCode: string; portalMessage: string });

/** Compile-time check: every kind of the shared list has a variant (this type is `never` when one is missing). */
export type MissingRefusalVariant = Exclude<RefusalKind, Refusal['kind']>;
const everyKindHasAVariant: [MissingRefusalVariant] extends [never] ? true : never = true;
void everyKindHasAVariant;

export type RefusalOf<K extends RefusalKind> = Extract<Refusal, { kind: K }>;

/** What a use case returns: its result, or one of the refusals it declares. */
export type Outcome<T, K extends RefusalKind> = { ok: true; value: T } | { ok: false; refusal: RefusalOf<K> };

export const succeed = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const refuse = <R extends Refusal>(refusal: R): { ok: false; refusal: R } => ({ ok: false, refusal });
