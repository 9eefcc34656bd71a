/**
 * RFC 3261 §12: a dialog created by a provisional response is early; a 2xx confirms it; it
 * ends by method-specific means (BYE, §15) or when the request that created it fails (§12.3).
 */
export type DialogState = 'early' | 'confirmed' | 'terminated';
