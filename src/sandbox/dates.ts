/** Date helpers: every date the portal prints uses one fixed server offset (PHP `date('c')`). */

const pad = (n: number, w = 2): string => String(Math.abs(n)).padStart(w, '0');

function shifted(ms: number, offsetMinutes: number): Date {
  return new Date(Math.floor(ms / 1000) * 1000 + offsetMinutes * 60_000);
}

/** `2026-03-19T15:01:27+03:00` */
export function formatIso(ms: number, offsetMinutes: number): string {
  const d = shifted(ms, offsetMinutes);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const off = `${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${off}`
  );
}

/** Site format `24.08.2023 13:19:39` (user.current TIMESTAMP_X). */
export function formatSite(ms: number, offsetMinutes: number): string {
  const d = shifted(ms, offsetMinutes);
  return (
    `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

/** DB format `2024-08-29 10:30:11` (user.current LAST_ACTIVITY_DATE). */
export function formatDb(ms: number, offsetMinutes: number): string {
  const d = shifted(ms, offsetMinutes);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

/**
 * Parses a filter date (CRestUtil::unConvertDateTime accepts ISO-8601). A value without an offset is read in
 * the portal's zone. `NOW` means the current time. Anything else → undefined (the portal turns it into `false`).
 */
export function parseFilterDate(value: unknown, offsetMinutes: number, nowMs: number): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return undefined;
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  if (v.toUpperCase() === 'NOW') return nowMs;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(v);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, tz] = m;
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
  if (Number.isNaN(local)) return undefined;
  let offset = offsetMinutes;
  if (tz === 'Z') offset = 0;
  else if (tz !== undefined) {
    const t = /^([+-])(\d{2}):?(\d{2})$/.exec(tz);
    if (t) offset = (t[1] === '-' ? -1 : 1) * (Number(t[2]) * 60 + Number(t[3]));
  }
  return local - offset * 60_000;
}
