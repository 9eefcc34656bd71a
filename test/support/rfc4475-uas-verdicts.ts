/**
 * What a UA's UAS answers to each RFC 4475 message: a status code, 'pass' (the request reaches
 * the application) or 'drop' (no answer can be formed, or it is a response).
 */
// For a UA (not a proxy, not a registrar) handling INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE and INFO.
export const UAS_VERDICTS: Record<string, number | 'pass' | 'drop'> = {
  wsinv: 'pass', intmeth: 501, esc01: 'pass', escnull: 405, esc02: 501, lwsdisp: 'pass', longreq: 'pass',
  dblreq: 405, semiuri: 'pass', transports: 'pass', mpart01: 415, unreason: 'drop', noreason: 'drop',
  badinv01: 400, clerr: 400, ncl: 400, scalar02: 400, scalarlg: 'drop', quotbal: 400, ltgtruri: 400,
  lwsruri: 400, lwsstart: 400, trws: 400, escruri: 400, baddate: 'pass', regbadct: 400, badaspec: 400,
  baddn: 400, badvers: 505, mismatch01: 400, mismatch02: 400, bigcode: 'drop', badbranch: 400,
  // insuf lacks Call-ID, From and To: RFC 4475 §3.3.1 would like a 400, but no client could match it.
  insuf: 'drop', unkscm: 416, novelsc: 416, unksm2: 405, bext01: 420, invut: 415, regaut01: 405,
  multi01: 400, mcl01: 400, bcast: 'drop', zeromf: 'pass', cparam01: 405, cparam02: 405,
  regescrt: 405, sdp01: 406, inv2543: 'pass',
  // baddate: RFC 4475 §3.1.2.12 lets an element that does not use Date accept it; Date is informational here.
  // Not an RFC 4475 case: a header line without a colon leaves no header block to answer from.
  test: 'drop',
};

