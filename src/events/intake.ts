/**
 * POST {BITRIX24_EVENTS_PATH}: Bitrix24's online event delivery. Authenticated by `auth.application_token` only;
 * answered at once (Bitrix24 deprioritises slow handlers and never retries), then published.
 */
import { readEventPayload } from './event-payload.js';
import type { GroupSignal } from './signals.js';

/** Bitrix24's payload is a few hundred bytes; anything far larger is not an event. */
export const MAX_EVENT_BODY_BYTES = 16 * 1024;

export interface IntakeOptions {
  applicationToken: string | undefined;
  publish: (signal: GroupSignal) => void;
  onRefused?: (reason: string) => void;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
}

async function readLimited(request: Request, limit: number): Promise<string | undefined> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) return undefined;
  const buffer = await request.arrayBuffer();
  return buffer.byteLength > limit ? undefined : new TextDecoder().decode(buffer);
}

export async function handleEventDelivery(request: Request, options: IntakeOptions): Promise<Response> {
  if (request.method !== 'POST') {
    return new Response(JSON.stringify({ error: 'METHOD_NOT_ALLOWED' }), {
      status: 405,
      headers: { allow: 'POST', 'content-type': 'application/json; charset=utf-8' },
    });
  }
  const body = await readLimited(request, MAX_EVENT_BODY_BYTES).catch(() => undefined);
  if (body === undefined) return json(413, { error: 'PAYLOAD_TOO_LARGE' });
  const verdict = readEventPayload(body, options.applicationToken);
  if (!verdict.ok) {
    options.onRefused?.(verdict.reason);
    return verdict.reason === 'APPLICATION_TOKEN_INVALID'
      ? json(401, { error: verdict.reason, error_description: 'auth.application_token is missing or wrong' })
      : json(400, { error: verdict.reason, error_description: 'Expected event and data[FIELDS][ID]' });
  }
  const signal = verdict.signal;
  // Answer first; the publish runs on the next turn, after the response has been handed back.
  if (signal) setImmediate(() => options.publish(signal));
  return json(200, { ok: true });
}
