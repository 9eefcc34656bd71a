export { checkRequest } from './request-checks.js';
export type { Rejection, UasPolicy } from './request-checks.js';
export { canAnswer, createResponse, createResponseFromRawHead } from './response-factory.js';
export { DIALOG_CREATING_METHODS } from './dialog-creating-methods.js';
export type { ResponseOptions } from './response-factory.js';
export { responseToUnparseable } from './unparseable-request.js';
export { reasonPhrase } from './reason-phrases.js';
