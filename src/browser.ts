// Entry of the browser bundle (dist/sipforge.browser.js): defines the global `SIP`, as the
// legacy library's script tag did.
import { SIP } from './api/index.js';

(globalThis as { SIP?: typeof SIP }).SIP = SIP;
