const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A random host under the reserved `.invalid` TLD (RFC 2606) for the Via sent-by and Contact
 * of a client that cannot be reached at its own address, e.g. a browser (RFC 7118 Appendix B.1).
 */
export function randomInvalidHost(random: () => number = Math.random): string {
  let id = '';
  for (let i = 0; i < 12; i++) id += ALPHABET[Math.floor(random() * ALPHABET.length)] ?? 'x';
  return `${id}.invalid`;
}
