/**
 * A REST method as data: what it is called, whether it writes, how its parameters are encoded, how its answer maps
 * to the domain, and which Bitrix24 error codes are refusals (expected business outcomes) rather than failures.
 *
 * Decisions rest on the `error` code only, never on `error_description`: portals answer in their own language. Legacy
 * sonet_group methods often answer `error: ""`; a descriptor may map "" to a kind, and the use case then refines it
 * from its checks and its re-read (see src/workgroups/).
 */
import type { Params } from './encode.js';
import { Bitrix24Error } from './errors.js';
import type { RefusalKind } from './refusal.js';
import type { Bitrix24Session } from './session.js';
import type { CallResult } from './wire.js';

export interface MethodDescriptor<Input, Output> {
  readonly method: string;
  /** Changes data upstream: the call (and any batch carrying it) is never retried after it may have run. */
  readonly writes: boolean;
  encode(input: Input): Params;
  /** Maps the answer; gets the input too (e.g. the group id a member list belongs to). */
  decode(answer: CallResult, input: Input): Output;
  /** Bitrix24 `error` code -> refusal kind. Codes absent here are failures, mapped to GraphQL errors elsewhere. */
  readonly refusals: Readonly<Record<string, RefusalKind>>;
}

/** A refusal as the portal stated it: the kind from the descriptor's table, with the portal's own code and words. */
export interface PortalRefusal {
  kind: RefusalKind;
  code: string;
  description: string;
}

export type Attempt<Output> = { ok: true; value: Output } | { ok: false; refusal: PortalRefusal };

/**
 * The refusal kind of an error, or null when the error is a failure (transport, auth, limits, 5xx). Pure.
 * Own keys only: a code like "toString" must not find Object.prototype.
 */
export function refusalOf(descriptor: MethodDescriptor<never, unknown>, error: unknown): PortalRefusal | null {
  if (!(error instanceof Bitrix24Error) || error.kind !== 'api') return null;
  if (error.httpStatus !== undefined && error.httpStatus >= 500) return null;
  if (!Object.hasOwn(descriptor.refusals, error.code)) return null;
  return { kind: descriptor.refusals[error.code]!, code: error.code, description: error.description };
}

/**
 * Queues one call on the session. The call is queued synchronously, before this returns, so calls made one after
 * another in the same tick leave in that order inside one batch (Bitrix24 runs a batch's commands in order).
 */
export function invoke<Input, Output>(session: Bitrix24Session, descriptor: MethodDescriptor<Input, Output>, input: Input): Promise<Output> {
  return session.call(descriptor.method, descriptor.encode(input), { write: descriptor.writes }).then((answer) => descriptor.decode(answer, input));
}

/** Like invoke, but a refusal listed in the descriptor comes back as data; failures still reject. */
export function attempt<Input, Output>(session: Bitrix24Session, descriptor: MethodDescriptor<Input, Output>, input: Input): Promise<Attempt<Output>> {
  return invoke(session, descriptor, input).then(
    (value): Attempt<Output> => ({ ok: true, value }),
    (error: unknown): Attempt<Output> => {
      const refusal = refusalOf(descriptor as MethodDescriptor<never, unknown>, error);
      if (refusal === null) throw error;
      return { ok: false, refusal };
    },
  );
}
