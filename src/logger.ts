/**
 * The one logging choke point. Every log line of the gateway goes through a pino logger made here, and pino's
 * redaction removes credentials wherever they sit in a logged object, so a token can only reach a log line if
 * someone formats it into a message string by hand (the tests scan the whole output for a planted token).
 */
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

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
