/**
 * Bitrix24's online event payload (form-encoded, PHP bracket keys) and its only authentication, the application
 * token. See docs/events.md ("Intake").
 */
import { timingSafeEqual } from 'node:crypto';
import qs from 'qs';
import { BITRIX24_GROUP_EVENTS, groupIdOf, isGroupEventName, type GroupSignal } from './signals.js';

export type PayloadVerdict =
  | { ok: true; signal: GroupSignal }
  /** A genuine event the gateway does not use (another event name): acknowledged, ignored. */
  | { ok: true; signal: undefined; event: string }
  | { ok: false; reason: 'APPLICATION_TOKEN_INVALID' | 'MALFORMED_EVENT' };

/**
 * Constant-time comparison (crypto.timingSafeEqual needs equal lengths, hence the pre-check, which reveals only the
 * length). Fails closed: no configured token means every event is refused.
 */
export function applicationTokenMatches(received: unknown, configured: string | undefined): boolean {
  if (configured === undefined || configured === '' || typeof received !== 'string') return false;
  const a = Buffer.from(received, 'utf8');
  const b = Buffer.from(configured, 'utf8');
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}

function field(object: unknown, key: string): unknown {
  return typeof object === 'object' && object !== null && !Array.isArray(object) ? (object as Record<string, unknown>)[key] : undefined;
}

/** Parses and authenticates one delivery. The token is checked before anything else is trusted. */
export function readEventPayload(body: string, configuredToken: string | undefined): PayloadVerdict {
  // qs limits keep a hostile body cheap: at most 5 levels and 100 parameters.
  const parsed = qs.parse(body, { depth: 5, parameterLimit: 100, arrayLimit: 20 });
  if (!applicationTokenMatches(field(parsed.auth, 'application_token'), configuredToken)) {
    return { ok: false, reason: 'APPLICATION_TOKEN_INVALID' };
  }
  const event = typeof parsed.event === 'string' ? parsed.event.toUpperCase() : '';
  if (event === '') return { ok: false, reason: 'MALFORMED_EVENT' };
  if (!isGroupEventName(event)) return { ok: true, signal: undefined, event };
  const groupId = groupIdOf(field(field(parsed.data, 'FIELDS'), 'ID'));
  if (groupId === undefined) return { ok: false, reason: 'MALFORMED_EVENT' };
  return { ok: true, signal: { groupId, kind: BITRIX24_GROUP_EVENTS[event], origin: 'bitrix24' } };
}
