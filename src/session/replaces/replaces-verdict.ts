import { dialogKey } from '../../core/index.js';
import type { SipRequest } from '../../syntax/index.js';
import type { DialogRouter } from '../dialog-router.js';
import { InviteSession } from '../invite-session.js';
import { InviteServerSession } from '../uas/invite-server-session.js';

/** What to do with an INVITE that may carry Replaces (RFC 3891 §3). */
export type ReplacesVerdict =
  | { kind: 'none' }
  | { kind: 'reject'; status: 400 | 481 | 486 | 603; reason?: string }
  | { kind: 'replace'; session: InviteSession };

/**
 * RFC 3891 §3 with the legacy rules: an INVITE without Replaces is a new call; one whose Replaces names no
 * dialog of ours gets 481 (so does one naming an early dialog we did not initiate), one naming a dialog that
 * ended 603, `early-only` against a confirmed dialog 486; else the new call replaces the session of that
 * dialog. The Replaces' to-tag is our tag in the dialog, its from-tag the peer's. A Replaces that does
 * not parse, or more than one, gets 400.
 */
export function replacesVerdict(invite: SipRequest, dialogs: DialogRouter): ReplacesVerdict {
  let all;
  try {
    all = invite.headers('Replaces');
  } catch {
    return { kind: 'reject', status: 400, reason: 'Bad Request (malformed Replaces)' };
  }
  if (all.length === 0) return { kind: 'none' };
  const replaces = all[0]!;
  if (all.length > 1 || replaces.toTag === undefined || replaces.fromTag === undefined) {
    return { kind: 'reject', status: 400, reason: 'Bad Request (Replaces needs one value with to-tag and from-tag)' };
  }
  const key = dialogKey({ callId: replaces.value, localTag: replaces.toTag, remoteTag: replaces.fromTag });
  const found = dialogs.find(key);
  if (found === undefined) return dialogs.endedRecently(key) ? { kind: 'reject', status: 603 } : { kind: 'reject', status: 481 };
  const session = found.user;
  if (!(session instanceof InviteSession)) return { kind: 'reject', status: 481 };
  if (session.state === 'terminated' || found.dialog.state === 'terminated') return { kind: 'reject', status: 603 };
  const confirmed = found.dialog.state === 'confirmed';
  if (confirmed && replaces.earlyOnly) return { kind: 'reject', status: 486 };
  // RFC 3891 §3: only an early dialog this UA initiated can be replaced; the callee's early dialog cannot.
  if (!confirmed && session instanceof InviteServerSession) return { kind: 'reject', status: 481 };
  return { kind: 'replace', session };
}
