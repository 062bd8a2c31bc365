/** OAuth token resolution and checks (protocol §1.2, §3.3). */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { RestError } from './envelope.js';
import type { SandboxStore, TokenRecord, UserRecord } from './store.js';

export type AuthErrorStatus = 'docs' | 'source';

/** Header `Authorization: Bearer` first, then `auth`, then `access_token` (params: body already overrides query). */
export function extractToken(headers: IncomingHttpHeaders, params: Record<string, unknown>): string | undefined {
  const header = headers.authorization;
  if (typeof header === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (m?.[1]) return m[1];
  }
  for (const name of ['auth', 'access_token']) {
    const v = params[name];
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}

/** sha256 of the token, first 12 hex chars: what the request log keeps. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 12);
}

export interface AuthOk {
  token: TokenRecord;
  user: UserRecord;
}

/** Every authentication failure is an OAuthException: HTTP 401 in docs and source alike. */
export function authenticate(store: SandboxStore, token: string | undefined): AuthOk {
  if (token === undefined) throw new RestError('NO_AUTH_FOUND', 'Wrong authorization data', 401);
  const rec = store.token(token);
  if (!rec) throw new RestError('invalid_token', 'The access token provided is invalid', 401);
  if (rec.expired) throw new RestError('expired_token', 'The access token provided has expired', 401);
  const user = store.user(rec.userId);
  if (!user || !user.active) throw new RestError('authorization_error', 'Unable to authorize user', 401);
  return { token: rec, user };
}

/** `user` methods accept any of user / user_brief / user_basic. */
export function hasScope(token: TokenRecord, scope: string | null): boolean {
  if (scope === null) return true;
  if (scope === 'user') return ['user', 'user_brief', 'user_basic'].some((s) => token.scopes.includes(s));
  return token.scopes.includes(scope);
}

export function insufficientScope(mode: AuthErrorStatus, inBatch: boolean): RestError {
  if (inBatch) return new RestError('insufficient_scope', '', 200);
  return new RestError(
    'insufficient_scope',
    'The request requires higher privileges than provided by the access token',
    mode === 'docs' ? 403 : 401,
  );
}
