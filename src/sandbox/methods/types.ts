import type { MethodResult } from '../envelope.js';
import type { SandboxEvents } from '../portal-events/hub.js';
import type { SandboxStore, TokenRecord, UserRecord } from '../store.js';

export interface MethodContext {
  store: SandboxStore;
  user: UserRecord;
  /** Method params as received (reserved auth keys removed; `start` kept). */
  params: Record<string, unknown>;
  nowMs: number;
  offsetMinutes: number;
  /** The sandbox base URL (for absolute image URLs). */
  baseUrl: string;
  /** The caller's token (its app and scopes), `auth_connector` ('' when absent) and the portal's event machinery. */
  token: TokenRecord;
  authConnector: string;
  events: SandboxEvents;
}

export interface MethodDef {
  /** OAuth scope the token needs; null = global (batch). */
  scope: string | null;
  handler(ctx: MethodContext): MethodResult;
}

/** Module admin (protocol §6.3): the sandbox models it with the user's isAdmin flag. */
export function isModuleAdmin(ctx: MethodContext): boolean {
  return ctx.user.isAdmin;
}
