import { ProxyAuthenticateHeader, SipParseError, WwwAuthenticateHeader, type SipResponse } from '../../syntax/index.js';
import { DigestChallenge, type ChallengeHeaderName, type UnusableChallenge } from './digest-challenge.js';

export interface ChallengesRead {
  usable: DigestChallenge[];
  unusable: UnusableChallenge[];
}

type ChallengeValue = WwwAuthenticateHeader | ProxyAuthenticateHeader;

const PARSERS: ReadonlyArray<{ name: ChallengeHeaderName; parse: (value: string) => ChallengeValue[] }> = [
  { name: 'Proxy-Authenticate', parse: (value) => ProxyAuthenticateHeader.parse(value) },
  { name: 'WWW-Authenticate', parse: (value) => WwwAuthenticateHeader.parse(value) },
];

/**
 * Every challenge of a 401 or 407, in order: Proxy-Authenticate first, then WWW-Authenticate. Both are
 * read from either status because a forking proxy aggregates all of them into the response it
 * forwards (RFC 3261 §16.7 step 7). Lines are parsed one by one so a malformed challenge costs only itself.
 */
export function readChallenges(response: SipResponse): ChallengesRead {
  const out: ChallengesRead = { usable: [], unusable: [] };
  for (const { name, parse } of PARSERS) {
    for (const raw of response.rawHeaders(name)) {
      let values: ChallengeValue[];
      try {
        values = parse(raw);
      } catch (error) {
        if (!(error instanceof SipParseError)) throw error;
        out.unusable.push({ header: name, realm: undefined, reason: `malformed: ${error.message}` });
        continue;
      }
      for (const value of values) {
        const reading = DigestChallenge.read(value);
        if (reading.ok) out.usable.push(reading.challenge);
        else out.unusable.push(reading.unusable);
      }
    }
  }
  return out;
}
