// Minimal types for `sip` 0.0.6 (it ships none): only what the benchmark calls.
// Shapes from reading its parse() — headers are keyed by lower-case full name.
declare module 'sip' {
  interface SipParams { [name: string]: string | null | undefined }
  interface SipVia { version: string; protocol: string; host: string; port: number | undefined; params: SipParams }
  interface SipAor { name?: string; uri: string; params: SipParams }
  interface SipHeaders {
    via?: SipVia[];
    from?: SipAor;
    to?: SipAor;
    'call-id'?: string;
    cseq?: { seq: number; method: string };
    [name: string]: unknown;
  }
  export interface SipMessage {
    method?: string;
    uri?: string;
    status?: number;
    reason?: string;
    version: string;
    headers: SipHeaders;
    content: string;
  }
  /** Accepts a string or a Buffer (which it decodes itself as 'binary'); undefined when it cannot parse. */
  export function parse(data: string | Buffer): SipMessage | undefined;
}
