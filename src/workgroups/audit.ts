/**
 * The write log: every upstream write a use case sends is recorded once its batch settles, with the operation, the
 * portal, the group and the caller's user id. Never the token: a record has no field that could carry it.
 */
import type { WorkgroupContext } from './context.js';

interface WriteRecord {
  operation: string;
  /** The portal's origin (scheme, host, port): no path, no query, so no token can ride along. */
  portal: string;
  groupId: number | null;
  /** null when the caller's id could not be read (e.g. a token without the `user` scope). */
  callerUserId: number | null;
  /** APPLIED: confirmed by the re-read; REFUSED: the portal or the re-read said no; FAILED: no answer (never retried). */
  outcome: 'APPLIED' | 'REFUSED' | 'FAILED';
  /** The refusal kind, or the failure's error code. */
  detail?: string | undefined;
}

export interface WriteAudit {
  wrote(record: WriteRecord): void;
}

const NO_WRITE_AUDIT: WriteAudit = Object.freeze({ wrote: () => undefined });

/**
 * The caller's id for the log (`profile`, which needs no scope), queued with the checks: same batch, no extra
 * request. Should it fail, the write still goes ahead and the id is logged as null.
 */
export function callerIdForAudit(context: WorkgroupContext): Promise<number | null> {
  return context.loaders.profile().then(
    (profile) => profile.id,
    () => null,
  );
}

/**
 * Runs a write batch and records it. `classify` turns the batch's outcome into the record's outcome; a rejection is
 * FAILED and is rethrown as it is (the client has already declined to retry a write after an ambiguous failure).
 */
export async function auditedWrite<T>(
  context: WorkgroupContext,
  entry: { operation: string; groupId: number | null; callerUserId: Promise<number | null> },
  write: Promise<T>,
  classify: (result: T) => { outcome: 'APPLIED' | 'REFUSED'; detail?: string | undefined },
): Promise<T> {
  const audit = context.audit ?? NO_WRITE_AUDIT;
  const portal = context.session().portal.origin;
  try {
    const result = await write;
    const { outcome, detail } = classify(result);
    audit.wrote({ operation: entry.operation, portal, groupId: entry.groupId, callerUserId: await entry.callerUserId, outcome, detail });
    return result;
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : 'UNKNOWN';
    audit.wrote({ operation: entry.operation, portal, groupId: entry.groupId, callerUserId: await entry.callerUserId, outcome: 'FAILED', detail: code });
    throw error;
  }
}
