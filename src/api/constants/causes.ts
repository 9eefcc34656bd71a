/**
 * Failure and end causes (legacy `SIP.C.causes`): the strings applications compare against,
 * e.g. `if (cause === SIP.C.causes.BUSY)`. Values are the legacy ones, character for character.
 */
export const causes = Object.freeze({
  // Generic causes.
  CONNECTION_ERROR: 'Connection Error',
  REQUEST_TIMEOUT: 'Request Timeout',
  SIP_FAILURE_CODE: 'SIP Failure Code',
  INTERNAL_ERROR: 'Internal Error',

  // Causes derived from a SIP final response (see SIP_ERROR_CAUSES).
  BUSY: 'Busy',
  REJECTED: 'Rejected',
  REDIRECTED: 'Redirected',
  UNAVAILABLE: 'Unavailable',
  NOT_FOUND: 'Not Found',
  ADDRESS_INCOMPLETE: 'Address Incomplete',
  INCOMPATIBLE_SDP: 'Incompatible SDP',
  AUTHENTICATION_ERROR: 'Authentication Error',
  DIALOG_ERROR: 'Dialog Error',

  // Session causes.
  WEBRTC_NOT_SUPPORTED: 'WebRTC Not Supported',
  WEBRTC_ERROR: 'WebRTC Error',
  CANCELED: 'Canceled',
  NO_ANSWER: 'No Answer',
  EXPIRES: 'Expires',
  NO_ACK: 'No ACK',
  NO_PRACK: 'No PRACK',
  USER_DENIED_MEDIA_ACCESS: 'User Denied Media Access',
  BAD_MEDIA_DESCRIPTION: 'Bad Media Description',
  RTP_TIMEOUT: 'RTP Timeout',
} as const);

/** A cause key: `'BUSY'`, `'REQUEST_TIMEOUT'`, … */
export type CauseName = keyof typeof causes;

/** A cause value as emitted with events: `'Busy'`, `'Request Timeout'`, … */
export type Cause = (typeof causes)[CauseName];
