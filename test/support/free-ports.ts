// The tests' free loopback ports come from the conformance runner's picker: one implementation for
// both, so test servers (Kamailio, SIPp, listeners) and a conformance run never collide.
export { freePortBlock } from '../../conformance/runner/free-ports.js';
