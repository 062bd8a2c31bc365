/**
 * POST {BITRIX24_EVENTS_PATH}: Bitrix24's online event delivery. Authenticated by `auth.application_token` only;
 * answered at once (Bitrix24 deprioritises slow handlers and never retries), then published.
 */
import { readEventPayload } from './event-payload.js';
import type { GroupSignal } from './signals.js';

/** Bitrix24's payload is a few hundred bytes; anything far larger is not an event. */
const MAX_EVENT_BODY_BYTES = 16 * 1024;

export interface IntakeOptions {
  applicationToken: string | undefined;
  publish: (signal: GroupSignal) => void;
  onRefused?: (reason: string) => void;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}

/**
 * The body, read chunk by chunk and given up (undefined) as soon as it passes `limit`: a chunked body declares no
 * length, and reading it whole first would let a client make the gateway take in any amount.
 */
async function readLimited(request: Request, limit: number): Promise<string | undefined> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) return undefined;
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

export async function handleEventDelivery(request: Request, options: IntakeOptions): Promise<Response> {
  if (request.method !== 'POST') {
    return new Response(JSON.stringify({ error: 'METHOD_NOT_ALLOWED' }), {
      status: 405,
      headers: { allow: 'POST', 'content-type': 'application/json; charset=utf-8' },
    });
  }
  const body = await readLimited(request, MAX_EVENT_BODY_BYTES).catch(() => undefined);
  // Connection: close, so the server stops there instead of reading (and discarding) the rest of the body.
  if (body === undefined) return json(413, { error: 'PAYLOAD_TOO_LARGE' }, { connection: 'close' });
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
