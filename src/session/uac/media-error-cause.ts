import type { SessionCause } from '../session-cause.js';

/**
 * Why the media handler could not make our description: the user (or the platform) refused the
 * microphone or camera (a DOMException `NotAllowedError` from getUserMedia: legacy
 * USER_DENIED_MEDIA_ACCESS), or any other media failure (WEBRTC_ERROR).
 */
export function mediaErrorCause(error: unknown): SessionCause {
  const name = typeof error === 'object' && error !== null && 'name' in error ? (error as { name: unknown }).name : undefined;
  return name === 'NotAllowedError' || name === 'PermissionDeniedError' ? 'USER_DENIED_MEDIA_ACCESS' : 'WEBRTC_ERROR';
}
