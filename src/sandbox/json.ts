/**
 * Bitrix24's JSON encoder (JSON_HEX_TAG | JSON_HEX_AMP | JSON_HEX_APOS | JSON_HEX_QUOT, slashes escaped,
 * unicode raw). Structural JSON never contains these characters, so a pass over the output is safe;
 * escapes are consumed as pairs so `\\"` (an escaped backslash before a closing quote) is untouched.
 */
const HEX: Record<string, string> = {
  '<': '\\u003C',
  '>': '\\u003E',
  '&': '\\u0026',
  "'": '\\u0027',
  '/': '\\/',
  '\\"': '\\u0022',
};

export function encodeBitrixJson(value: unknown): string {
  const raw = JSON.stringify(value) ?? 'null';
  return raw.replace(/\\.|[<>&'/]/g, (m) => HEX[m] ?? m);
}
