/** Request parsing (protocol §1.2) and response writing (protocol §1.3). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { encodeBitrixJson } from './json.js';
import { isPlainObject, parsePhpQuery } from './php-query.js';

export const MAX_BODY_BYTES = 8 * 1024 * 1024;

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Body parameters: `application/json` is JSON-decoded (invalid JSON or a non-object → `{}`); anything else is
 * parsed with PHP `parse_str` semantics (url-encoded form). multipart/form-data is not supported (→ `{}`).
 */
export function parseBody(contentType: string | undefined, body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json') {
    try {
      const parsed: unknown = JSON.parse(body.toString('utf8'));
      if (isPlainObject(parsed)) return parsed;
      if (Array.isArray(parsed)) return Object.fromEntries(parsed.map((v, i) => [String(i), v]));
      return {};
    } catch {
      return {};
    }
  }
  if (type === 'multipart/form-data') return {};
  return parsePhpQuery(body.toString('utf8'));
}

/** `query = array_replace(GET ∪ POST, body)`: body keys override query-string keys (top level only). */
export function mergeParams(query: Record<string, unknown>, body: Record<string, unknown>): Record<string, unknown> {
  return { ...query, ...body };
}

const COMMON_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'origin, content-type, accept',
  'X-Content-Type-Options': 'nosniff',
};

export function sendJson(res: ServerResponse, status: number, body: unknown): string {
  const text = encodeBitrixJson(body);
  sendText(res, status, text, 'application/json; charset=utf-8');
  return text;
}

export function sendText(res: ServerResponse, status: number, text: string, contentType: string): void {
  const buf = Buffer.from(text, 'utf8');
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': contentType, 'Content-Length': String(buf.length) });
  res.end(buf);
}

/** Plain JSON (no Bitrix escaping) for the /sandbox/* control endpoints. */
export function sendControl(res: ServerResponse, status: number, body: unknown): void {
  sendText(res, status, JSON.stringify(body), 'application/json; charset=utf-8');
}
