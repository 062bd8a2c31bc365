/**
 * PHP `parse_str` semantics: `FILTER[%NAME]=Pro&ID[]=5&ID[1]=6&ORDER[ID]=ASC`.
 *
 * - keys and values are url-decoded (`+` is a space) before the brackets are parsed;
 * - in the base name, spaces and dots become `_`; an unmatched first `[` becomes `_`;
 * - text after a closing `]` that is not followed by `[` is ignored;
 * - `[]` appends with the next integer index (max int key + 1);
 * - a later scalar over an array (or the other way round) replaces it.
 * PHP arrays whose keys are exactly 0..n-1 in order become JS arrays, others plain objects.
 */

class PhpArray {
  readonly entries = new Map<string, PhpNode>();
  nextIndex = 0;

  set(key: string, value: PhpNode): void {
    this.entries.set(key, value);
    if (isIntKey(key)) this.nextIndex = Math.max(this.nextIndex, Number(key) + 1);
  }

  append(value: PhpNode): void {
    this.set(String(this.nextIndex), value);
  }
}
type PhpNode = string | PhpArray;

function isIntKey(key: string): boolean {
  return /^(0|-?[1-9][0-9]*)$/.test(key) && Number.isSafeInteger(Number(key));
}

/** urldecode: `+` → space, `%XX` → byte; malformed escapes stay literal; bytes are read as UTF-8. */
export function phpUrlDecode(input: string): string {
  if (!/[%+]/.test(input)) return input;
  const bytes: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const ch = input.charAt(i);
    if (ch === '+') {
      bytes.push(0x20);
    } else if (ch === '%' && /^[0-9a-fA-F]{2}$/.test(input.slice(i + 1, i + 3))) {
      bytes.push(parseInt(input.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      const code = input.codePointAt(i) ?? 0;
      const s = String.fromCodePoint(code);
      for (const b of Buffer.from(s, 'utf8')) bytes.push(b);
      if (s.length > 1) i += s.length - 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Splits a decoded variable name into its base name and bracket segments (null = `[]`). */
export function splitPhpKey(rawName: string): { base: string; path: (string | null)[] } | undefined {
  const name = rawName.replace(/^ +/, '');
  const open = name.indexOf('[');
  const normalizeBase = (s: string): string => s.replace(/[ .]/g, '_');
  if (open < 0) {
    return name === '' ? undefined : { base: normalizeBase(name), path: [] };
  }
  const firstClose = name.indexOf(']', open);
  if (firstClose < 0) {
    // unmatched first bracket: PHP turns it into '_' and keeps the rest literally
    const base = normalizeBase(name.slice(0, open)) + '_' + name.slice(open + 1);
    return { base, path: [] };
  }
  const base = normalizeBase(name.slice(0, open));
  if (base === '') return undefined;
  const path: (string | null)[] = [];
  let pos = open;
  while (pos < name.length && name.charAt(pos) === '[') {
    const close = name.indexOf(']', pos);
    if (close < 0) break; // later unmatched bracket: the rest is ignored
    const seg = name.slice(pos + 1, close);
    path.push(seg === '' ? null : seg);
    pos = close + 1;
  }
  return { base, path };
}

function assign(root: PhpArray, base: string, path: (string | null)[], value: string): void {
  let container = root;
  let key: string | null = base;
  for (const seg of path) {
    let child: PhpNode | undefined = key === null ? undefined : container.entries.get(key);
    if (!(child instanceof PhpArray)) {
      child = new PhpArray();
      if (key === null) container.append(child);
      else container.set(key, child);
    }
    container = child;
    key = seg;
  }
  if (key === null) container.append(value);
  else container.set(key, value);
}

function toJs(node: PhpNode): unknown {
  if (typeof node === 'string') return node;
  const keys = [...node.entries.keys()];
  if (keys.every((k, i) => k === String(i))) return [...node.entries.values()].map(toJs);
  const out: Record<string, unknown> = {};
  for (const [k, v] of node.entries) {
    if (k === '__proto__') continue;
    out[k] = toJs(v);
  }
  return out;
}

/** Parses a query string (without the leading `?`) the way PHP's `parse_str` does. */
export function parsePhpQuery(query: string): Record<string, unknown> {
  const root = new PhpArray();
  const q = query.startsWith('?') ? query.slice(1) : query;
  for (const part of q.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    const split = splitPhpKey(phpUrlDecode(rawKey));
    if (!split || split.base === '__proto__') continue;
    assign(root, split.base, split.path, phpUrlDecode(rawValue));
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of root.entries) out[k] = toJs(v);
  return out;
}

/** A PHP array as seen from JSON/form input: a JS array or a plain object. */
export function isPhpArray(v: unknown): v is unknown[] | Record<string, unknown> {
  return Array.isArray(v) || (typeof v === 'object' && v !== null);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Values of a PHP array in order. */
export function phpValues(v: unknown[] | Record<string, unknown>): unknown[] {
  return Array.isArray(v) ? v : Object.values(v);
}

/** PHP `(bool)`: false for absent, false, 0, "0", "", empty array, null. */
export function phpIsTrue(v: unknown): boolean {
  if (v === undefined || v === null || v === false) return false;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v !== '' && v !== '0';
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

/** PHP `(int)` / `intval`. */
export function phpIntval(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const m = /^\s*([+-]?\d+)/.exec(v);
    return m?.[1] !== undefined ? parseInt(m[1], 10) : 0;
  }
  if (Array.isArray(v)) return v.length > 0 ? 1 : 0;
  if (typeof v === 'object' && v !== null) return Object.keys(v).length > 0 ? 1 : 0;
  return 0;
}

/** PHP `array_change_key_case(..., CASE_UPPER)` on the top level (later keys win). */
export function upperKeys(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) out[k.toUpperCase()] = v;
  return out;
}
