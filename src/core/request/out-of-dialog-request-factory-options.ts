import type { CommonHeaderOptions } from './common-header-options.js';
import type { ContactInput } from './contact-input.js';
import type { IdGenerator } from './random-ids.js';
import type { TransportDescriptor } from './transport-descriptor.js';
import type { UriInput } from './uri-input.js';

/** How a UA builds every request it sends outside a dialog. */
export interface OutOfDialogRequestFactoryOptions extends CommonHeaderOptions {
  /** The transport requests leave on: its Via token and sent-by. */
  transport: TransportDescriptor;
  /** Add an empty `rport` to Via (RFC 3581 §3). */
  rport?: boolean | undefined;
  /** Contact for INVITE, REGISTER, SUBSCRIBE and REFER, the requests that set up a dialog or a binding (RFC 3261 §8.1.1.8, §10.2). */
  contact?: ContactInput | undefined;
  /** Pre-loaded route set, e.g. `['sip:outbound.example.com;lr']` for an outbound proxy (RFC 3261 §8.1.1.1). */
  routeSet?: readonly UriInput[] | undefined;
  /** Source of branches, tags and Call-IDs; random unless a test injects its own. */
  ids?: IdGenerator | undefined;
}
