/**
 * The portal's handler URL check for `event.bind` (docs/events.md, "Sandbox"): `parse_url` must give scheme
 * http/https and a host that contains a dot. `http://127.0.0.1:port/…` passes the check exactly as on a real
 * portal (the host has dots), so tests bind loopback handlers with no sandbox-only override; `localhost` is
 * refused, as Bitrix24 refuses it.
 */
import { RestError } from '../envelope.js';

export const WRONG_HANDLER_URL = (): RestError => new RestError('ERROR_WRONG_HANDLER_URL', 'Wrong handler URL', 400);
export const UNSUPPORTED_PROTOCOL = (): RestError =>
  new RestError('ERROR_UNSUPPORTED_PROTOCOL', 'Unsupported handler protocol', 400);

type HandlerUrlVerdict = 'ok' | 'wrong_url' | 'unsupported_protocol';

export function checkHandlerUrl(raw: string): HandlerUrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'wrong_url';
  }
  // parse_url keeps IPv6 brackets in the host; a bracketed literal has no dot and fails like any dotless host.
  if (!url.hostname.includes('.')) return 'wrong_url';
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'unsupported_protocol';
  return 'ok';
}

export function assertHandlerUrl(raw: string): void {
  const v = checkHandlerUrl(raw);
  if (v === 'wrong_url') throw WRONG_HANDLER_URL();
  if (v === 'unsupported_protocol') throw UNSUPPORTED_PROTOCOL();
}
