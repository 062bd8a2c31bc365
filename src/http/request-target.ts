/**
 * Checks on the raw HTTP request that must run before anything else, in the node:http listener: yoga's node adapter
 * builds `new URL(req.url, "http://" + Host)` before any plugin runs, and a malformed Host (`[::1`, `a b`,
 * `127.0.0.1:99999`) or an absolute-form target (`POST http://other.example/graphql`) makes it throw, which Node
 * answers with a 500 and a stack trace. Pure functions, tested as a table.
 */

/** A host name or IPv4 address, or a bracketed IPv6 address, with an optional port (checked for range below). */
const HOST_SHAPE = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\.?|\[[0-9A-Fa-f:.]{2,45}\])(?::(\d{1,5}))?$/;

export type TargetRefusal = { reason: 'MALFORMED_HOST' | 'ABSOLUTE_FORM_TARGET' | 'MALFORMED_TARGET' | 'DUPLICATE_HEADER'; message: string };

/** Header names a request may carry once only: two Authorization headers would make "which caller?" ambiguous. */
const SINGLE_HEADERS = new Set(['authorization', 'host', 'x-bitrix24-domain', 'content-length']);

export function checkRequestTarget(target: string | undefined, host: string | undefined, rawHeaders: readonly string[]): TargetRefusal | undefined {
  for (let index = 0, seen = new Set<string>(); index < rawHeaders.length; index += 2) {
    const name = rawHeaders[index]!.toLowerCase();
    if (!SINGLE_HEADERS.has(name)) continue;
    if (seen.has(name)) return { reason: 'DUPLICATE_HEADER', message: `The request carries more than one ${name} header.` };
    seen.add(name);
  }
  if (host !== undefined) {
    const match = HOST_SHAPE.exec(host);
    if (!match || (match[1] !== undefined && Number(match[1]) > 65_535)) {
      return { reason: 'MALFORMED_HOST', message: 'The Host header is not a valid host[:port].' };
    }
  }
  if (target === undefined || target === '*') return undefined;
  if (!target.startsWith('/')) {
    return { reason: 'ABSOLUTE_FORM_TARGET', message: 'The request target must be a path (origin-form), such as /graphql.' };
  }
  try {
    new URL(target, `http://${host ?? 'localhost'}`);
  } catch {
    return { reason: 'MALFORMED_TARGET', message: 'The request target is not a valid path.' };
  }
  return undefined;
}
