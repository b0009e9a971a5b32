import { loggableMessage } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import type { StrapiContext } from '../../utils/types';

/**
 * Between passes: long enough that a pass (one `max(id)` per link table when nothing is new) costs
 * nothing, short enough that a row an older instance writes during a rolling deploy reaches the
 * organization's lists within a minute. Not an option: nothing is gained by tuning it.
 */
const PASS_INTERVAL_MS = 60_000;

/**
 * Keeps the organization's id on its invitations and memberships (`scopeOrganization`, which the
 * indexes of an organization's lists read) filled in for rows written by code that does not write it:
 * a version of this plugin from before the column. The start fills what exists. During a rolling
 * deploy an instance of the older version goes on writing after that; without the passes that follow,
 * its rows would be missing from the organization's lists until the next start (never from its access
 * checks, which read memberships by their key).
 *
 * A pass looks only at links newer than where the pass before it began: a transaction that took a
 * link id before the last pass began may have committed after that pass looked, so one pass of overlap
 * covers any transaction shorter than the interval.
 */
const organizationScopeService = ({ strapi }: StrapiContext) => {
  const stores = [() => getService('invitation-store', strapi), () => getService('membership', strapi)];
  // Per store: the link id the next pass starts after, and the newest link id the last pass saw.
  const startAfter = stores.map(() => 0);
  const lastSeen = stores.map(() => 0);
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;

  const pass = async (): Promise<number> => {
    let filled = 0;
    for (const [index, store] of stores.entries()) {
      const result = await store().backfillOrganizationScope(startAfter[index]);
      filled += result.filled;
      startAfter[index] = lastSeen[index];
      lastSeen[index] = result.lastLinkId;
    }
    return filled;
  };

  // One pass at a time: the timer's and a caller's would otherwise move the same marks.
  const runPass = async (): Promise<number> => {
    while (running) await running.catch(() => 0);
    running = pass().finally(() => {
      running = null;
    });
    return running;
  };

  const tick = (): void => {
    if (running) return;
    runPass()
      .then((filled) => {
        if (filled > 0) strapi.log.info(`[invitations] kept the organization on ${filled} row(s) written without it`);
      })
      .catch((error: unknown) => {
        strapi.log.error(`[invitations] organization scope: ${loggableMessage(error)}`);
      });
  };

  return {
    /** At start: fills every row written without the organization, then a pass every minute. */
    async start(): Promise<void> {
      if (timer) return;
      await runPass();
      timer = setInterval(tick, PASS_INTERVAL_MS);
      timer.unref();
    },
    /** One pass now (the timer's); answers how many rows it filled. */
    fillNew(): Promise<number> {
      return runPass();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => 0);
    },
  };
};

export default organizationScopeService;
export type OrganizationScopeService = ReturnType<typeof organizationScopeService>;
