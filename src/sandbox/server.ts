/** createSandbox: a node:http Bitrix24 portal emulator with a request log, limits and fault injection. */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { authenticate, extractToken, hashToken } from './auth.js';
import type { AuthOk } from './auth.js';
import { batchMethodNames, runBatch } from './batch.js';
import { authConnectorOf, executeMethod, knownMethod } from './call.js';
import type { CallDeps } from './call.js';
import { methodNotFound, RestError, successBody, timeBlock } from './envelope.js';
import { SandboxEvents } from './portal-events/hub.js';
import { Faults } from './faults.js';
import type { FaultSpec, OneShotFault, SubCallFault } from './faults.js';
import { encodeBitrixJson } from './json.js';
import { mergeParams, parseBody, readBody, sendControl, sendJson, sendText } from './http.js';
import { OperatingTracker } from './operating-limit.js';
import { isPlainObject, parsePhpQuery } from './php-query.js';
import { LeakyBucket } from './rate-limit.js';
import { RequestLog } from './request-log.js';
import { SandboxStore } from './store.js';
import type { RequestLogEntry, Sandbox, SandboxOptions } from './types.js';

export const HTML_ERROR_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

const DEFAULT_WINDOW_MS = 600_000;
const DEFAULT_COST_MS = 100;

/** nginx `merge_slashes`: `//rest///user.current` → `/rest/user.current`. */
export function mergeSlashes(pathname: string): string {
  return pathname.replace(/\/{2,}/g, '/');
}

/** `/rest/sonet_group.get.json/` → `sonet_group.get`; `.xml` → undefined (the sandbox speaks JSON only). */
export function restMethodFromPath(pathname: string): { method: string; supported: boolean } {
  let raw = pathname.slice('/rest/'.length);
  try {
    raw = decodeURIComponent(raw);
  } catch {
    // keep the raw text
  }
  let method = raw.replace(/\/+$/, '').toLowerCase();
  let supported = true;
  const m = /\.(json|xml)$/.exec(method);
  if (m) {
    method = method.slice(0, -m[0].length);
    supported = m[1] === 'json';
  }
  return { method, supported };
}

class SandboxImpl implements Sandbox {
  readonly store = new SandboxStore();
  readonly faults = new Faults();
  private readonly log: RequestLog;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly bucket: LeakyBucket | undefined;
  private readonly operating: OperatingTracker;
  private readonly deps: CallDeps;
  readonly events: SandboxEvents;
  // Real portals sit behind nginx, whose keep-alive timeout is 75 s. Node's default of 5 s would close idle
  // connections while a busy client is about to reuse them, turning a request into a connection reset.
  private readonly server = createServer({ keepAliveTimeout: 75_000 }, (req, res) => void this.handle(req, res));
  private readonly sockets = new Set<Socket>();
  private baseUrl = '';

  constructor(private readonly options: SandboxOptions = {}) {
    this.now = options.now ?? Date.now;
    this.log = new RequestLog(options.maxLogEntries);
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    const rl = options.rateLimit ?? 'off';
    this.bucket = rl === 'off' ? undefined : new LeakyBucket(rl, this.now);
    const ol = options.operatingLimit ?? 'off';
    this.operating =
      ol === 'off'
        ? new OperatingTracker({ limitMs: Infinity, windowMs: DEFAULT_WINDOW_MS, costMsPerCall: 0 }, false)
        : new OperatingTracker(
            { limitMs: ol.limitMs, windowMs: ol.windowMs ?? DEFAULT_WINDOW_MS, costMsPerCall: ol.costMsPerCall ?? DEFAULT_COST_MS },
            true,
          );
    this.events = new SandboxEvents(this.store, { now: this.now, baseUrl: () => this.baseUrl });
    this.deps = {
      store: this.store,
      events: this.events,
      faults: this.faults,
      operating: this.operating,
      authMode: options.authErrorStatus ?? 'docs',
      offsetMinutes: options.utcOffsetMinutes ?? 180,
      now: this.now,
      baseUrl: () => this.baseUrl,
    };
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  get url(): string {
    return this.baseUrl;
  }

  listen(port = 0, host = '127.0.0.1'): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const addr = this.server.address();
        const actualPort = typeof addr === 'object' && addr ? addr.port : port;
        const h = host.includes(':') ? `[${host}]` : host;
        this.baseUrl = `http://${h}:${actualPort}`;
        resolve(this.baseUrl);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      for (const s of this.sockets) s.destroy();
      this.sockets.clear();
      if (!this.server.listening) {
        resolve();
        return;
      }
      this.server.close(() => resolve());
    });
  }

  requestLog(): RequestLogEntry[] {
    return this.log.list();
  }

  requestLogDropped(): number {
    return this.log.dropped;
  }

  clearLog(): void {
    this.log.clear();
  }

  reset(): void {
    this.store.reset();
    this.log.clear();
    this.faults.clear();
    this.bucket?.reset();
    this.operating.reset();
    this.events.reset();
  }

  // ---------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      // Real portals sit behind nginx, which merges slashes (`merge_slashes on`): b24jssdk posts to
      // `/rest//<method>` because its client_endpoint ends in a slash. Merged before URL parsing, so a target
      // such as `//rest/x` is a path, not a protocol-relative URL.
      const target = req.url ?? '/';
      const q = target.indexOf('?');
      const path = mergeSlashes(q < 0 ? target : target.slice(0, q));
      const url = new URL(`${path.startsWith('/') ? path : `/${path}`}${q < 0 ? '' : target.slice(q)}`, 'http://sandbox.invalid');
      if (url.pathname.startsWith('/rest/') || url.pathname === '/rest') {
        await this.handleRest(req, res, url, q < 0 ? target : target.slice(0, q));
      } else if (url.pathname.startsWith('/sandbox/')) {
        await this.handleControl(req, res, url.pathname);
      } else {
        await readBody(req).catch(() => Buffer.alloc(0));
        sendControl(res, 404, { error: 'NOT_FOUND', error_description: 'Not found' });
      }
    } catch {
      if (!res.headersSent && !res.destroyed) {
        sendJson(res, 500, { error: 'INTERNAL_SERVER_ERROR', error_description: 'Internal server error' });
      }
    }
  }

  private async handleControl(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const body = await readBody(req).catch(() => Buffer.alloc(0));
    const route = `${req.method ?? 'GET'} ${path.replace(/\/+$/, '')}`;
    switch (route) {
      case 'GET /sandbox/log':
        // The body stays the plain list it always was; a window that overflowed the ring says so in a header.
        if (this.log.dropped > 0) res.setHeader('x-sandbox-log-dropped', String(this.log.dropped));
        sendControl(res, 200, this.log.list());
        return;
      case 'POST /sandbox/reset':
        this.reset();
        sendControl(res, 200, { ok: true });
        return;
      case 'GET /sandbox/faults':
        sendControl(res, 200, this.faults.state());
        return;
      case 'DELETE /sandbox/faults':
        this.faults.clear();
        sendControl(res, 200, this.faults.state());
        return;
      case 'POST /sandbox/faults': {
        let parsed: unknown;
        try {
          parsed = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
        } catch {
          sendControl(res, 400, { error: 'BAD_REQUEST', error_description: 'Body must be JSON' });
          return;
        }
        try {
          if (!isPlainObject(parsed)) throw new Error('Body must be a JSON object');
          const { spec, enqueue, subCalls } = parsed as { spec?: FaultSpec; enqueue?: OneShotFault[]; subCalls?: SubCallFault[] };
          if (spec !== undefined) this.faults.set(spec);
          if (enqueue !== undefined) this.faults.enqueue(...enqueue);
          for (const f of subCalls ?? []) this.faults.failSubCall(f);
        } catch (e) {
          sendControl(res, 400, { error: 'BAD_REQUEST', error_description: e instanceof Error ? e.message : String(e) });
          return;
        }
        sendControl(res, 200, this.faults.state());
        return;
      }
      default:
        if (this.events.handleControl(route, body, res)) return;
        sendControl(res, 404, { error: 'NOT_FOUND', error_description: 'Not found' });
    }
  }

  private async handleRest(req: IncomingMessage, res: ServerResponse, url: URL, receivedPath: string): Promise<void> {
    const { method, supported } = restMethodFromPath(url.pathname === '/rest' ? '/rest/' : url.pathname);
    const body = await readBody(req).catch(() => Buffer.alloc(0));
    const params = mergeParams(parsePhpQuery(url.search), parseBody(req.headers['content-type'], body));
    const token = extractToken(req.headers, params);

    const entry: Omit<RequestLogEntry, 'seq'> = {
      at: new Date(this.now()).toISOString(),
      httpMethod: (req.method ?? 'GET').toUpperCase(),
      path: receivedPath,
      method,
      status: 0,
    };
    if (method === 'batch') {
      const b = batchMethodNames(params);
      entry.batchMethods = b.methods;
      entry.batchSize = b.size;
    }
    if (token !== undefined) entry.tokenHash = hashToken(token);
    if (method !== 'batch') {
      const logged = { ...params };
      delete logged.auth;
      delete logged.access_token;
      entry.params = logged;
    }
    const finish = (status: number, error?: string): void => {
      entry.status = status;
      if (error !== undefined) entry.error = error;
      this.log.append(entry);
    };
    const answerError = (e: RestError): void => {
      sendJson(res, e.status, e.body());
      finish(e.status, e.code);
    };

    // 1. faults (transport level; nothing behind them runs, nothing fills the bucket)
    const decision = this.faults.decide(method);
    if (decision.label !== undefined) entry.fault = decision.label;
    if (decision.delayMs > 0) await this.sleep(decision.delayMs);
    if (res.destroyed || req.socket.destroyed) {
      finish(0);
      return;
    }
    switch (decision.kind) {
      case 'server_error':
        return answerError(new RestError('INTERNAL_SERVER_ERROR', 'Internal server error', 500));
      case 'query_limit':
        return answerError(new RestError('QUERY_LIMIT_EXCEEDED', 'Too many requests', 503));
      case 'html':
        sendText(res, 502, HTML_ERROR_PAGE, 'text/html; charset=utf-8');
        return finish(502);
      case 'reset': {
        const s = req.socket as Socket & { resetAndDestroy?: () => void };
        if (typeof s.resetAndDestroy === 'function') s.resetAndDestroy();
        else s.destroy();
        return finish(0);
      }
      case 'hang':
        return finish(0); // never answer; close() destroys the socket
      default:
        break;
    }

    // 2. leaky bucket (per portal)
    if (this.bucket && !this.bucket.take()) {
      return answerError(new RestError('QUERY_LIMIT_EXCEEDED', 'Too many requests', 503));
    }

    // 3. authentication
    let who: AuthOk;
    try {
      who = authenticate(this.store, token);
    } catch (e) {
      if (e instanceof RestError) return answerError(e);
      throw e;
    }
    entry.user = who.user.id;

    // 4. method
    if (!supported || (method !== 'batch' && !knownMethod(method))) return answerError(methodNotFound());

    let responseBody: Record<string, unknown> | RestError;
    const endHit = this.events.beginHit(who.user, who.token, authConnectorOf(params));
    try {
      responseBody = this.runHit(who, method, params);
    } finally {
      // Also after a failed call: whatever it wrote before failing fires its events, and the hit is closed.
      endHit();
    }
    if (responseBody instanceof RestError) return answerError(responseBody);

    // 5. post-processing faults corrupt a real answer (the call itself took effect)
    if (decision.kind === 'truncated' || decision.kind === 'empty') {
      const text = decision.kind === 'empty' ? '' : encodeBitrixJson(responseBody);
      sendText(res, 200, text.slice(0, Math.floor(text.length / 2)), 'application/json; charset=utf-8');
      return finish(200);
    }
    sendJson(res, 200, responseBody);
    finish(200);
  }

  /** Runs one method or a whole batch: the success body, or the error a single call answers with. */
  private runHit(who: AuthOk, method: string, params: Record<string, unknown>): Record<string, unknown> | RestError {
    if (method !== 'batch') {
      const out = executeMethod(this.deps, who, method, params, false);
      return out.ok ? successBody(out.value, out.time) : out.error;
    }
    const startMs = this.now();
    const result = runBatch(params, (m, p) => {
      const out = executeMethod(this.deps, who, m, { ...p }, true);
      if (!out.ok) return { ok: false, error: out.error.body() };
      return { ok: true, result: out.value.result, total: out.value.total, next: out.value.next, time: out.time };
    });
    const finishMs = this.now();
    const time = timeBlock(startMs, finishMs, finishMs - startMs, this.operating.peek(who.token.app, 'batch', finishMs), this.deps.offsetMinutes);
    return successBody({ result }, time);
  }
}

export function createSandbox(options?: SandboxOptions): Sandbox {
  return new SandboxImpl(options);
}
