/**
 * Methods whose requests, and whose 2xx responses, replace the remote target (RFC 3261 §12.2):
 * re-INVITE (§14) and UPDATE (RFC 3311 §5.2). ACK is not one (§12.2).
 */
export const DEFAULT_TARGET_REFRESH_METHODS: readonly string[] = ['INVITE', 'UPDATE'];
