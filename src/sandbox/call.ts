/** Runs one REST method for an authenticated caller: lookup, scope, injected sub-call errors, operating limit. */
import { hasScope, insufficientScope } from './auth.js';
import type { AuthErrorStatus, AuthOk } from './auth.js';
import { methodNotFound, RestError, timeBlock } from './envelope.js';
import type { MethodResult, TimeBlock } from './envelope.js';
import type { Faults } from './faults.js';
import { METHODS } from './methods/index.js';
import type { OperatingTracker } from './operating-limit.js';
import type { SandboxEvents } from './portal-events/hub.js';
import type { SandboxStore } from './store.js';

export interface CallDeps {
  store: SandboxStore;
  events: SandboxEvents;
  faults: Faults;
  operating: OperatingTracker;
  authMode: AuthErrorStatus;
  offsetMinutes: number;
  now(): number;
  baseUrl(): string;
}

export type CallOutcome = { ok: true; value: MethodResult; time: TimeBlock } | { ok: false; error: RestError };

export const OPERATION_TIME_LIMIT = (): RestError =>
  new RestError('OPERATION_TIME_LIMIT', 'Method is blocked due to operation time limit.', 429);

/** Reserved parameters the server consumes before the method sees them (protocol §1.2); `start` stays for paging. */
const RESERVED = ['auth', 'access_token', 'auth_connector', 'aplogin', 'ap', 'state'];

export function stripReserved(params: Record<string, unknown>): Record<string, unknown> {
  const out = { ...params };
  for (const k of RESERVED) delete out[k];
  return out;
}

/** The call's `auth_connector` ('' when absent): the event methods and the hub's echo rule read it. */
export function authConnectorOf(params: Record<string, unknown>): string {
  return typeof params.auth_connector === 'string' ? params.auth_connector : '';
}

export function knownMethod(method: string): boolean {
  return METHODS.has(method);
}

export function executeMethod(
  deps: CallDeps,
  who: AuthOk,
  method: string,
  rawParams: Record<string, unknown>,
  inBatch: boolean,
): CallOutcome {
  const def = METHODS.get(method);
  if (!def) return { ok: false, error: methodNotFound() };
  if (!hasScope(who.token, def.scope)) return { ok: false, error: insufficientScope(deps.authMode, inBatch) };
  const params = stripReserved(rawParams);
  const injected = deps.faults.subCallFault(method, params);
  if (injected && !('result' in injected)) {
    return { ok: false, error: new RestError(injected.error ?? '', injected.errorDescription ?? '', injected.status ?? 500) };
  }
  const startMs = deps.now();
  if (deps.operating.isBlocked(who.token.app, method, startMs)) return { ok: false, error: OPERATION_TIME_LIMIT() };
  let value: MethodResult;
  if (injected) {
    // A canned answer: the method is not run (nothing changes), but the call is charged as a call that ran.
    value = { result: injected.result };
  } else {
    try {
      value = def.handler({
        store: deps.store,
        events: deps.events,
        user: who.user,
        params,
        nowMs: startMs,
        offsetMinutes: deps.offsetMinutes,
        baseUrl: deps.baseUrl(),
        token: who.token,
        authConnector: authConnectorOf(rawParams),
      });
    } catch (e) {
      deps.operating.charge(who.token.app, method, startMs);
      if (e instanceof RestError) return { ok: false, error: e };
      return { ok: false, error: new RestError('INTERNAL_SERVER_ERROR', 'Internal server error', 500) };
    }
  }
  const finishMs = deps.now();
  const operating = deps.operating.charge(who.token.app, method, startMs);
  return { ok: true, value, time: timeBlock(startMs, finishMs, finishMs - startMs, operating, deps.offsetMinutes) };
}
