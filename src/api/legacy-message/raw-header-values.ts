import { headerDefinitions, headerKey, SipParseError, type SipMessage } from '../../syntax/index.js';

/**
 * The raw values of header `name` as legacy `getHeaders` gave them: one per header line, and one per
 * element where a line holds a comma-separated list. The legacy parser split Contact and Record-Route
 * that way; here every list header of the catalogue is split, so that value `i` is also the typed
 * `parseHeader(name, i)`. A line holding one value keeps its text as received (so does one that does
 * not parse); the elements of a longer list are their serialisation, since the grammar keeps no offsets.
 */
export function rawHeaderValues(message: SipMessage, name: string): string[] {
  const lines = message.rawHeaders(name);
  const definition = headerDefinitions.get(headerKey(name));
  if (definition === undefined || definition.list !== 'comma') return lines;
  return lines.flatMap((raw) => {
    let values;
    try {
      values = definition.parse(raw);
    } catch (error) {
      if (error instanceof SipParseError) return [raw];
      throw error;
    }
    return values.length > 1 ? values.map(String) : [raw];
  });
}
