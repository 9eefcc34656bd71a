/**
 * `parts` joined by `separator` into one fresh string. V8 keeps a substring of a message (a
 * branch, a tag, a Call-ID) as a view on the whole message text, and a template literal of such
 * pieces as a tree of views: a key that a map keeps for Timer L or J (32 s) would keep every
 * message it was built from. `Array.prototype.join` copies the characters into a new flat
 * string, so the messages can go as soon as nothing else needs them.
 */
export function detachedKey(separator: string, ...parts: Array<string | number>): string {
  return parts.join(separator);
}
