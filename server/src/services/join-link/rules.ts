import type { JoinLinkState } from '../../../../shared/contracts';
import type { ErrorCode } from '../../../../shared/contracts';

/**
 * A join link's state and what a joiner is told when it no longer works. Pure, so that the list, the
 * preview and the join ask the same question, and unit tests cover it.
 */

export interface JoinLinkFacts {
  revokedAt: string | Date | null;
  expiresAt: string | Date | null;
  maxUses: number | null;
  uses: number;
}

export const joinLinkState = (link: JoinLinkFacts, now: number = Date.now()): JoinLinkState => {
  if (link.revokedAt) return 'revoked';
  if (link.expiresAt && new Date(link.expiresAt).getTime() <= now) return 'expired';
  if (link.maxUses !== null && link.uses >= link.maxUses) return 'exhausted';
  return 'active';
};

/** Why a link no longer works, as the join page shows it (410). */
export const GONE: Record<Exclude<JoinLinkState, 'active'>, { code: ErrorCode; message: string }> = {
  expired: {
    code: 'JOIN_LINK_EXPIRED',
    message: 'This join link has expired. Ask whoever shared it for a new one.',
  },
  exhausted: {
    code: 'JOIN_LINK_EXHAUSTED',
    message: 'This join link has been used as many times as it allows. Ask whoever shared it for a new one.',
  },
  revoked: {
    code: 'JOIN_LINK_REVOKED',
    message: 'This join link was withdrawn. Ask whoever shared it if you still need access.',
  },
};

/**
 * One user joins through one link once: `joinKey` holds "<link id>:<user id>" while the membership
 * lives (cleared, like `activeKey`, once it is removed or rejected), and its unique index holds under
 * any concurrency, for partner-program links too, whose joiners each get an organization of their own.
 */
export const joinKeyOf = (joinLinkId: number, userId: number): string => `${joinLinkId}:${userId}`;
