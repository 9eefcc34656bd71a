// Minimal types for JsSIP 3.13's internal parser module, which its package
// types do not declare (only the public API is typed). Field names are the
// ones lib/Parser.js sets on the message it builds.
declare module 'jssip/lib/Parser.js' {
  interface JsSipNameAddr { getParam(name: string): string | null | undefined }
  export interface JsSipIncomingMessage {
    method: string;
    via: { host: string; port: number | undefined; branch: string };
    via_branch: string;
    call_id: string;
    cseq: number;
    from: JsSipNameAddr;
    from_tag: string | undefined;
    to: JsSipNameAddr;
    to_tag: string | undefined;
    body: string;
  }
  /** `ua` is only stored on incoming requests (not used while parsing); undefined when it cannot parse. */
  export function parseMessage(data: string, ua: object): JsSipIncomingMessage | undefined;
}
