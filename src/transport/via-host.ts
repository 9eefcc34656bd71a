import { randomToken } from './random-token.js';

/**
 * A random host under the reserved `.invalid` TLD (RFC 2606) for the Via sent-by and Contact
 * of a client that cannot be reached at its own address, e.g. a browser (RFC 7118 Appendix B.1).
 */
export function randomInvalidHost(): string {
  return `${randomToken(12)}.invalid`;
}
