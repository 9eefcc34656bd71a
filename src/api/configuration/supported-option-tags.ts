import { OPTION_TAGS, supported } from '../constants/index.js';
import type { UAConfiguration } from './ua-configuration.js';

/**
 * The option tags of the Supported header the legacy UA sent for `method`: REGISTER `path, gruu`
 * (RFC 3327, RFC 5627); other requests `gruu` when the UA holds one; `100rel` / `replaces` when
 * configured as supported; `timer` (RFC 4028) unless `sessionTimers` is off (sipforge); `outbound` always (RFC 5626); then `extraSupported`. De-duplicated,
 * and limited to registered tags unless `hackAllowUnregisteredOptionTags`.
 */
export function supportedOptionTags(
  configuration: Pick<UAConfiguration, 'rel100' | 'replaces' | 'extraSupported' | 'hackAllowUnregisteredOptionTags'> & Partial<Pick<UAConfiguration, 'sessionTimers'>>,
  method: string,
  holdsGruu = false,
): string[] {
  const tags: string[] = [];
  if (method === 'REGISTER') tags.push('path', 'gruu');
  else if (holdsGruu) tags.push('gruu');
  if (configuration.rel100 === supported.SUPPORTED) tags.push('100rel');
  if (configuration.replaces === supported.SUPPORTED) tags.push('replaces');
  // RFC 4028 §7.1: requests (and the core's answers) say the UA does session timers.
  if (configuration.sessionTimers === true && method !== 'REGISTER') tags.push('timer');
  tags.push('outbound', ...configuration.extraSupported);
  const allowed = configuration.hackAllowUnregisteredOptionTags ? tags : tags.filter((tag) => OPTION_TAGS.has(tag));
  return [...new Set(allowed)];
}
