/**
 * `npm run events:bind`: what to bind, decided from the command line and from what event.get already lists (check,
 * then write: a second event.bind of the same handler fails with ERROR_HANDLER_ALREADY_EXIST). Pure; bind-cli.ts
 * does the calls.
 */
import { BITRIX24_GROUP_EVENTS } from './signals.js';

const GROUP_EVENT_NAMES = Object.keys(BITRIX24_GROUP_EVENTS) as (keyof typeof BITRIX24_GROUP_EVENTS)[];

export interface BindArgs {
  token: string;
  portal: string | undefined;
  /** Online: the public URL of the gateway's event path. Absent with --offline. */
  handler: string | undefined;
  offline: boolean;
}

const BIND_USAGE =
  'usage: npm run events:bind -- --token <administrator access token> (--handler https://gateway.example.com/bitrix24/events | --offline) [--portal https://your-portal.bitrix24.com]';

export class BindArgsError extends Error {
  override readonly name = 'BindArgsError';
}

export function parseBindArgs(argv: readonly string[]): BindArgs {
  const values = new Map<string, string>();
  let offline = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--offline') {
      offline = true;
      continue;
    }
    const match = /^--(token|handler|portal)(?:=(.*))?$/.exec(arg);
    if (!match) throw new BindArgsError(`unknown argument "${arg.startsWith('--') ? arg : '(a value)'}"\n${BIND_USAGE}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined || value === '') throw new BindArgsError(`--${match[1]} needs a value\n${BIND_USAGE}`);
    values.set(match[1]!, value);
  }
  const token = values.get('token');
  if (token === undefined) throw new BindArgsError(`--token is required (it is used for this run only and never stored)\n${BIND_USAGE}`);
  const handler = values.get('handler');
  if (offline === (handler !== undefined)) throw new BindArgsError(`give exactly one of --handler or --offline\n${BIND_USAGE}`);
  if (handler !== undefined) {
    let url: URL;
    try {
      url = new URL(handler);
    } catch {
      throw new BindArgsError(`--handler must be an absolute URL; received "${handler}"`);
    }
    // Bitrix24 refuses a handler whose host has no dot (ERROR_WRONG_HANDLER_URL); say so before calling it.
    if (!/^https?:$/.test(url.protocol) || !url.hostname.includes('.')) {
      throw new BindArgsError(`--handler must be an http(s) URL whose host contains a dot (Bitrix24's rule); received "${handler}"`);
    }
  }
  return { token, portal: values.get('portal'), handler, offline };
}

export interface BoundRow {
  event?: unknown;
  handler?: unknown;
  offline?: unknown;
}

/** The group events not yet bound to this handler (or offline), in a stable order. */
export function eventsToBind(existing: readonly BoundRow[], args: Pick<BindArgs, 'handler' | 'offline'>): string[] {
  const bound = new Set(
    existing
      .filter((row) => (args.offline ? Number(row.offline) === 1 : Number(row.offline) !== 1 && row.handler === args.handler))
      .map((row) => String(row.event).toUpperCase()),
  );
  return GROUP_EVENT_NAMES.filter((name) => !bound.has(name));
}
