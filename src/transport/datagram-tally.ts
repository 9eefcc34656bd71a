/**
 * Datagrams the process's SIP sockets have handed up so far. The clock reads it to tell a socket
 * with more waiting (see `inputFirstClock`); media sockets do not count.
 */
export const datagramTally = { received: 0 };

/**
 * The most datagrams Node reads from one UDP socket in one turn of its event loop (libuv's
 * per-readiness limit). A turn that read this many left the rest of a backlog for the next turns.
 */
export const DATAGRAMS_PER_TURN = 32;
