export { LegacyMessage } from './legacy-message.js';
export { LegacyRequest } from './legacy-request.js';
export { LegacyResponse } from './legacy-response.js';
export { NameAddrHeader } from './name-addr-header.js';
export type { NameAddrFields } from './name-addr-header.js';
