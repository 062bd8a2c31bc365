/**
 * npm run events:bind -- --token <admin token> --handler <public URL> | --offline [--portal URL]
 * Binds ONSONETGROUPADD/UPDATE/DELETE for this app with the project's Bitrix24 client. The token is taken from the
 * command line for this run only: it is never written anywhere or logged, and every line printed goes through
 * redact() (a portal's error_description may echo the request, token included).
 */
import { Bitrix24Client } from '../bitrix24/index.js';
import { parsePortalUrl } from '../config.js';
import { BindArgsError, eventsToBind, parseBindArgs, type BoundRow } from './bind-plan.js';

/** The token from the command line, once parsed. */
let token: string | undefined;

/** Every occurrence of the token (as given, and URL-encoded) replaced. */
function redact(text: string): string {
  if (token === undefined) return text;
  let out = text.split(token).join('[token]');
  const encoded = encodeURIComponent(token);
  if (encoded !== token) out = out.split(encoded).join('[token]');
  return out;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseBindArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof BindArgsError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  token = args.token;
  const portalRaw = args.portal ?? process.env.BITRIX24_PORTAL_URL;
  if (!portalRaw) {
    console.error('--portal or BITRIX24_PORTAL_URL must name the portal');
    return 2;
  }
  const portal = parsePortalUrl(portalRaw, args.portal ? '--portal' : 'BITRIX24_PORTAL_URL');
  const client = new Bitrix24Client();
  try {
    const session = client.session(portal, args.token);
    const existing = (await session.call<BoundRow[]>('event.get')).result;
    const missing = eventsToBind(Array.isArray(existing) ? existing : [], args);
    for (const event of missing) {
      const params: Record<string, string> = args.offline ? { event, event_type: 'offline' } : { event, handler: args.handler! };
      await session.call('event.bind', params, { write: true });
    }
    const after = (await session.call<BoundRow[]>('event.get')).result;
    const stillMissing = eventsToBind(Array.isArray(after) ? after : [], args);
    const target = args.offline ? 'the offline queue' : args.handler;
    console.log(redact(`bound ${missing.length} event(s) to ${target}; already bound: ${3 - missing.length}`));
    if (stillMissing.length > 0) {
      console.error(redact(`event.get does not list: ${stillMissing.join(', ')}`));
      return 1;
    }
    return 0;
  } finally {
    await client.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // A Bitrix24Error's message is "Bitrix24 <method>: <code>: <error_description>", the description verbatim from the
    // portal: it may echo the request, hence the token. Useful to the operator, so printed, with the token redacted.
    console.error(redact(`events:bind failed: ${error instanceof Error ? error.message : String(error)}`));
    process.exit(1);
  },
);
