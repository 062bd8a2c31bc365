/**
 * The one logging choke point. Every log line of the gateway goes through a pino logger made here, and pino's
 * redaction removes credentials wherever they sit in a logged object, so a token can only reach a log line if
 * someone formats it into a message string by hand (the tests scan the whole output for a planted token).
 */
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
// sonic-boom is CommonJS: Node's ESM loader exposes only its default export (module.exports), which carries the class.
import sonicBoom from 'sonic-boom';

export type Logger = PinoLogger;

/** Paths that may hold a bearer token or a Bitrix24 `auth` parameter, at any of the depths we log. */
export const REDACTED_PATHS = [
  'authorization',
  'token',
  'auth',
  'access_token',
  '*.authorization',
  '*.token',
  '*.auth',
  '*.access_token',
  'headers.authorization',
  'req.headers.authorization',
  'request.headers.authorization',
  '*.headers.authorization',
];

export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  const settings = {
    level: options.level ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { service: 'bitrix24-graphql-gateway' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

/** The per-request log line (src/http/use-request-log.ts): only these fields, every one a primitive or a list of codes. */
export interface RequestLogLine {
  requestId: string;
  method: string;
  operationName: string | undefined;
  operationType: string | undefined;
  status: number;
  durationMs: number;
  errorCodes: string[] | undefined;
}

/**
 * Writes the per-request log line without pino's redaction pass. That pass cannot change this line: redaction
 * works by key, no key of RequestLogLine is one of REDACTED_PATHS (test/unit/logger.test.ts checks it), and its
 * values hold no objects. Yet pino runs every top-level value of every line through the `*.`-paths' redactor,
 * which re-parses each path on each call (@pinojs/redact 0.4): see `bench/log-line.ts` in docs/performance.md. Every
 * other line keeps the redaction.
 */
export function createRequestLineWriter(logger: Logger): (line: RequestLogLine) => void {
  const unredacted = logger.child({}, { redact: [] });
  return (line) => unredacted.info(line, 'graphql request');
}

/** A log destination that can be let go of within a deadline when the process ends. */
export interface ProcessLogDestination extends DestinationStream {
  /** Lets the lines already written leave, waiting at most `withinMs`; resolves whatever the reader does. */
  close(withinMs: number): Promise<void>;
}

/** Bytes kept for a reader of stdout that does not read; lines beyond are dropped rather than filling the heap. */
const MAX_BUFFERED_LOG_BYTES = 16 * 1024 * 1024;
/** Lines are written in batches of about this many bytes (about 16 request lines)... */
export const LOG_WRITE_BYTES = 4096;
/** ...or after this long, whichever comes first. */
export const LOG_FLUSH_MS = 200;

/**
 * Standard output for the long-running process (src/main.ts). pino's own default destination is the same
 * asynchronous writer (sonic-boom), plus a hook that flushes it synchronously on exit, retrying every failed write;
 * when the reader of the pipe is gone (EPIPE: a log collector restarting, a parent that died) that loop never ends
 * and a SIGTERM'd gateway stays alive for minutes. So this destination has no exit hook: after the first write
 * error it drops further lines (there is nobody to read them), and `close` waits for pending lines only until its
 * deadline.
 */
export function createStdoutDestination(fd = 1): ProcessLogDestination {
  const stream = new sonicBoom.SonicBoom({
    fd,
    sync: false,
    maxLength: MAX_BUFFERED_LOG_BYTES,
    // Lines leave in writes of at least LOG_WRITE_BYTES, and at the latest LOG_FLUSH_MS after they were logged:
    // one write(2) per request line (a libuv thread-pool job each) was a measured share of every operation's CPU
    // (docs/performance.md). A crash loses at most that window; a shutdown (close below) writes everything.
    minLength: LOG_WRITE_BYTES,
    periodicFlush: LOG_FLUSH_MS,
  });
  let failed = false;
  stream.on('error', () => {
    failed = true;
  });
  return {
    write(line: string): void {
      if (!failed) stream.write(line);
    },
    close(withinMs: number): Promise<void> {
      if (failed) return Promise.resolve();
      return new Promise((resolve) => {
        const done = (): void => {
          clearTimeout(deadline);
          resolve();
        };
        const deadline = setTimeout(done, withinMs);
        stream.once('close', done);
        stream.once('error', done);
        stream.end();
      });
    },
  };
}
