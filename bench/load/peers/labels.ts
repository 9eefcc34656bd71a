/** Report names of the libraries bench/load compares. */
export const PEER_LABELS: Record<string, string> = { sipforge: 'sipforge', 'sipforge-shared': 'sipforge, sharedConnection', sipjs: 'SIP.js 0.21', jssip: 'JsSIP 3.13' };
