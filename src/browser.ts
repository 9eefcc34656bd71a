// Entry of the browser bundle (dist/sipforge.browser.js, `sipforge/browser`): defines the global
// `SIP`, as the legacy library's script tag did.
import { SIP as namespace } from './index.js';

declare global {
  // `var`: a global declared this way is a property of globalThis, which is what the bundle sets.
  var SIP: typeof namespace;
}

globalThis.SIP = namespace;
