/**
 * Encodes one `batch` command as Bitrix24 parses it: `method?query`, where the server splits the string with
 * parse_url and decodes the query with PHP's parse_str. Nested params therefore use PHP bracket syntax
 * (`FILTER[%NAME]=Pro&FILTER[ID][0]=5&ORDER[ID]=ASC`). qs with the indices format is exactly that encoding
 * (it is what Bitrix24's own JS SDK uses), so we use it rather than hand-rolling the brackets.
 */
import qs from 'qs';

export type Params = Record<string, unknown>;

export function encodeBatchCommand(method: string, params: Params): string {
  const query = qs.stringify(params, {
    arrayFormat: 'indices',
    // PHP's parse_str reads `+` as a space and the RFC 3986 form keeps spaces as %20: both decode the same.
    format: 'RFC3986',
    // An empty array would vanish from the string: a FILTER[ID]=[] would then match everything. Callers must not
    // send one (the loaders never do); keeping nulls visible makes such a mistake an explicit empty value instead.
    strictNullHandling: false,
  });
  return query === '' ? method : `${method}?${query}`;
}
