/** Environment parsing for the sandbox CLI (kept apart from main.ts so it can be unit-tested). */
export interface CliConfig {
  port: number;
  portWasDefault: boolean;
  host: string;
  rateLimit: { burst: number; perSecond: number } | 'off';
}

export class CliConfigError extends Error {}

export const DEFAULT_PORT = 4100;

export function parseRateLimit(value: string | undefined): { burst: number; perSecond: number } | 'off' {
  if (value === undefined || value.trim() === '') return { burst: 50, perSecond: 2 };
  const v = value.trim();
  if (v.toLowerCase() === 'off') return 'off';
  const m = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(v);
  const burst = m ? Number(m[1]) : NaN;
  const perSecond = m ? Number(m[2]) : NaN;
  if (!m || burst < 1 || !(perSecond > 0)) {
    throw new CliConfigError(
      `SANDBOX_RATE_LIMIT must be "burst/perSecond" (e.g. "50/2", both positive numbers) or "off"; got "${value}"`,
    );
  }
  return { burst, perSecond };
}

export function parseCliConfig(env: Record<string, string | undefined>): CliConfig {
  const rawPort = env.SANDBOX_PORT;
  let port = DEFAULT_PORT;
  if (rawPort !== undefined && rawPort.trim() !== '') {
    port = Number(rawPort);
    if (!/^\d+$/.test(rawPort.trim()) || port > 65535) {
      throw new CliConfigError(`SANDBOX_PORT must be an integer 0..65535; got "${rawPort}"`);
    }
  }
  return {
    port,
    portWasDefault: rawPort === undefined || rawPort.trim() === '',
    host: env.SANDBOX_HOST?.trim() || '127.0.0.1',
    rateLimit: parseRateLimit(env.SANDBOX_RATE_LIMIT),
  };
}
