/** A user account of the server; the scenarios know them by role: alice and bob (UAs), carol (a SIPp). */
export interface TargetUser {
  user: string;
  password: string;
  /** Digest user name when it differs from `user`. */
  authorizationUser?: string;
}

/** How SIPp is run: the native binary, or the compose stack's `sipp` service. */
export type SippMode = 'native' | 'docker';

/** What drivers and SIPp need to know about the server under test. */
export interface TargetParams {
  /** `kamailio` or `asterisk`: which scenario set and which server behaviour to expect. */
  name: string;
  /** Where the UA connects. */
  wsUrl: string;
  /** Where SIPp sends its requests (UDP). */
  sip: { host: string; port: number };
  /** The domain of the users' addresses of record. */
  domain: string;
  users: Record<string, TargetUser>;
  /** Named extensions the server offers (echo, playback …). */
  extensions: Record<string, string>;
  capabilities: string[];
  sipp: SippMode;
  /** The compose file the `sipp` service comes from, when `sipp` is `docker`. */
  composeFile?: string;
}

/** A target brought up for one run: stop() ends whatever start() began (nothing for a user's server). */
export interface RunningTarget {
  params: TargetParams;
  /** A line for the report's header, e.g. `Kamailio 5.6.3 on ws://127.0.0.1:24017`. */
  description: string;
  /** The server's log so far (Kamailio's stderr, the containers' logs), for the report. */
  log(): string;
  stop(): Promise<void>;
}

/** The static part of a target, as its `target.json` holds it. */
export interface TargetFile {
  name: string;
  description: string;
  wsUrl?: string;
  sip?: { host: string; port: number };
  domain: string;
  users: Record<string, TargetUser>;
  extensions: Record<string, string>;
  capabilities: string[];
}
