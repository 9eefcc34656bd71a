/** What a password written into a URL or URI is replaced by wherever sipforge prints one. */
export const HIDDEN_PASSWORD = 'NOT SHOWN';

// `scheme://user:password@`: a URL's userinfo runs up to the last `@` before the path (WHATWG URL),
// so the password may itself hold an `@`. Where the end is unclear (a quote), more is hidden, not less.
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/?#@:"'<>]*):[^\s/?#]*@/gi;
// `sip:user:password@` (RFC 3261 §25.1 `userinfo`): the password holds no `@`, `;` or `?`.
const SIP_PASSWORD = /\b(sips?:[^\s:@;?/"'<>]*):[^\s@;?]*@/gi;

/**
 * `text` with the password of every URL (`wss://alice:secret@host`) and SIP URI
 * (`sip:alice:secret@host`) in it replaced by NOT SHOWN. RFC 3261 §19.1.1: passwords in URIs
 * are a risk "in almost every case where it has been used"; a log must not spread them further.
 */
export function hidePasswords(text: string): string {
  return text.replace(URL_PASSWORD, `$1:${HIDDEN_PASSWORD}@`).replace(SIP_PASSWORD, `$1:${HIDDEN_PASSWORD}@`);
}
