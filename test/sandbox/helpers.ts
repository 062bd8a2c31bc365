import { request } from 'undici';
import { createSandbox } from '../../src/sandbox/index.js';
import type { Sandbox, SandboxOptions } from '../../src/sandbox/index.js';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export async function start(options?: SandboxOptions): Promise<Sandbox> {
  const sb = createSandbox(options);
  await sb.listen(0);
  return sb;
}

async function toReply(r: Awaited<ReturnType<typeof request>>): Promise<Reply> {
  const text = await r.body.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: r.statusCode, headers: r.headers, text, body };
}

/** POST JSON to /rest/{method}; the token goes in the body as `auth` unless `token` is null. */
export async function call(
  sb: Sandbox,
  method: string,
  params: Record<string, unknown> = {},
  token: string | null = 'demo-user',
): Promise<Reply> {
  const body = token === null ? params : { ...params, auth: token };
  const r = await request(`${sb.url}/rest/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return toReply(r);
}

export async function raw(
  sb: Sandbox,
  path: string,
  init: { method?: 'GET' | 'POST' | 'DELETE'; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  const r = await request(`${sb.url}${path}`, { method: init.method ?? 'GET', headers: init.headers, body: init.body });
  return toReply(r);
}

export async function form(sb: Sandbox, method: string, formBody: string, query = ''): Promise<Reply> {
  return raw(sb, `/rest/${method}${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: formBody,
  });
}

/** A fake clock: advance it explicitly; nothing in the tests sleeps. */
export function fakeClock(startMs = Date.UTC(2026, 2, 19, 12, 0, 0)): { now: () => number; advance(ms: number): void; value(): number } {
  let t = startMs;
  return { now: () => t, advance: (ms) => (t += ms), value: () => t };
}
