export { Dialog } from './dialog.js';
export { dialogKey, tagsEqual, dialogIdOfIncomingRequest, dialogIdOfResponse } from './dialog-id.js';
export type { DialogId } from './dialog-id.js';
export type { DialogState } from './dialog-state.js';
export type { DialogOptions, UasDialogOptions } from './dialog-options.js';
export type { InDialogRequestOptions } from './in-dialog-request-options.js';
export type { DialogRequestVerdict } from './dialog-request-verdict.js';
export { DEFAULT_TARGET_REFRESH_METHODS } from './target-refresh.js';
export { uasContactFor } from './dialog-message-fields.js';
