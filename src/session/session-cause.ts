/**
 * Why a session failed or ended, by the name of its legacy `SIP.C.causes` entry (the api turns the
 * name into the text applications compare against). A media handler's own cause (its `failed`
 * event, e.g. `RTP_TIMEOUT`) is passed on as it came. With a final response and no cause, the
 * cause follows from the response's status (legacy SIP_ERROR_CAUSES).
 */
export type SessionCause =
  | 'CONNECTION_ERROR'
  | 'REQUEST_TIMEOUT'
  | 'INTERNAL_ERROR'
  | 'CANCELED'
  | 'NO_ANSWER'
  | 'NO_ACK'
  | 'NO_PRACK'
  | 'INCOMPATIBLE_SDP'
  | 'BAD_MEDIA_DESCRIPTION'
  | 'DIALOG_ERROR'
  | 'WEBRTC_NOT_SUPPORTED'
  | 'WEBRTC_ERROR'
  | 'USER_DENIED_MEDIA_ACCESS'
  // A media handler's cause, as it reported it.
  | (string & Record<never, never>);
