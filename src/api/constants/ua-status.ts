/** The UA's status (legacy `UA.C.STATUS_*`), read from `ua.status`. */
export const UA_STATUS = Object.freeze({
  STATUS_INIT: 0,
  STATUS_STARTING: 1,
  STATUS_READY: 2,
  STATUS_USER_CLOSED: 3,
  STATUS_NOT_READY: 4,
} as const);

export type UAStatus = (typeof UA_STATUS)[keyof typeof UA_STATUS];

/** Why the UA is not ready (legacy `UA.C.*_ERROR`), read from `ua.error`. */
export const UA_ERROR = Object.freeze({
  CONFIGURATION_ERROR: 1,
  NETWORK_ERROR: 2,
} as const);

export type UAError = (typeof UA_ERROR)[keyof typeof UA_ERROR];
