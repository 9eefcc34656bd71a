import { parse, write } from 'sdp-transform';

/** Our description without TCP candidates (legacy `hackStripTcp`, for servers that choke on them). */
export function withoutTcpCandidates(sdp: string): string {
  const description = parse(sdp);
  for (const media of description.media) {
    if (media.candidates !== undefined) media.candidates = media.candidates.filter((candidate) => candidate.transport.toLowerCase() !== 'tcp');
  }
  return write(description);
}

/** The o= line's session id and version (RFC 4566 §5.2). */
export interface Origin {
  sessionId: string;
  version: number;
}

export function originOf(sdp: string): Origin {
  const { origin } = parse(sdp);
  return { sessionId: String(origin?.sessionId ?? ''), version: Number(origin?.sessionVersion ?? 0) };
}

/**
 * RFC 3264 §8: every description we send in a session keeps the o= session id of the first and has
 * a version one higher than the one before. The browser counts every description it creates, so a
 * description it made but we never sent (a failed attempt) would leave a gap: the previous origin
 * decides, not the browser's count.
 */
export function followingOrigin(sdp: string, previous: Origin | undefined): string {
  if (previous === undefined) return sdp;
  const current = originOf(sdp);
  if (current.sessionId === previous.sessionId && current.version === previous.version + 1) return sdp;
  const description = parse(sdp);
  if (description.origin === undefined) return sdp;
  description.origin.sessionId = previous.sessionId;
  description.origin.sessionVersion = previous.version + 1;
  return write(description);
}
