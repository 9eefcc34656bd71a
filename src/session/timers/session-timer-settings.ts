/** How a UA uses session timers (RFC 4028); a session without settings uses none. */
export interface SessionTimerSettings {
  /** How the refresher refreshes: UPDATE (RFC 3311, when the peer allows it) or re-INVITE. */
  refreshMethod: 'UPDATE' | 'INVITE';
  /** Our Min-SE in seconds (RFC 4028 §5: at least 90). */
  minSessionExpires: number;
  /** The interval asked for in our INVITE, seconds (RFC 4028 §4 recommends 1800). */
  sessionExpires: number;
}

/** RFC 4028 §4: the recommended Session-Expires. */
export const RECOMMENDED_SESSION_EXPIRES = 1800;

/** RFC 4028 §5: the smallest Min-SE allowed, and the default of a request without one. */
export const MIN_SESSION_EXPIRES_FLOOR = 90;
