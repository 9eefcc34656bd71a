/** The `werift` package's exports. */
export type Werift = typeof import('werift');

let loading: Promise<Werift> | undefined;

/**
 * `werift`, loaded on first use: it takes a second or more to import, which every program using
 * `sipforge/node` would pay at start, WebRTC calls or not.
 */
export function loadWerift(): Promise<Werift> {
  loading ??= import('werift');
  return loading;
}
