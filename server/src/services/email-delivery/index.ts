import { loggableMessage } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import { SYSTEM_ACTOR, type StrapiContext } from '../../utils/types';
import { effectiveStatus, inviterOf } from '../invitation-store/rules';
import type { InvitationRow } from '../invitation-store/types';
import type { Settings } from '../settings';
import { renderMessage, templateVariables } from './render';

const MAX_BACKOFF_MS = 3_600_000;
/** Mails claimed per concurrent sender and batch: enough to spread the batch's reads and writes thin. */
const BATCH_PER_SENDER = 4;

/**
 * The send queue lives on the invitation rows themselves (deliveryStatus, nextAttemptAt,
 * deliveryLockedUntil), so a crash or an SMTP outage never loses an invitation: it stays `queued`
 * until a worker delivers it. Each instance claims a row with a conditional UPDATE (a lease), sends at
 * most `concurrency` mails at once, and retries with exponential backoff up to `maxAttempts`.
 */
const emailDeliveryService = ({ strapi }: StrapiContext) => {
  const store = () => getService('invitation-store', strapi);
  const config = () => getService('settings', strapi).config().delivery;

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;

  const compose = async (row: InvitationRow, settings: Settings) => {
    const { from, replyTo } = config();
    return renderMessage(
      settings.templates,
      templateVariables({
        organizationName: row.organization?.name ?? null,
        partnerName: row.partnerName,
        portalName: settings.portalName,
        inviter: inviterOf(row),
        fallbackContact: replyTo ?? from,
        role: row.role,
        link: await getService('invitation', strapi).acceptLink(row, settings),
        expiresAt: new Date(row.expiresAt),
        email: row.email,
        firstName: row.firstName,
      })
    );
  };

  /** Sends one claimed mail; answers whether it went out. A failure is recorded (and retried) here. */
  const deliver = async (row: InvitationRow, settings: Settings): Promise<boolean> => {
    const attempt = (row.deliveryAttempts ?? 0) + 1;
    try {
      const message = await compose(row, settings);
      const { from, replyTo } = config();
      await strapi
        .plugin('email')
        .service('email')
        .send({
          to: row.email,
          ...(from ? { from } : {}),
          ...(replyTo ? { replyTo } : {}),
          ...message,
        });
      return true;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const giveUp = attempt >= config().maxAttempts;
      const delay = Math.min(config().retryBaseMs * 2 ** (attempt - 1), MAX_BACKOFF_MS);
      strapi.log.warn(`[invitations] delivery to ${row.email} failed (attempt ${attempt}): ${reason}`);
      await strapi.db.transaction(async () => {
        await store().recordFailure(row.id, {
          attempt,
          error: reason,
          retryAt: giveUp ? null : new Date(Date.now() + delay),
        });
        await getService('audit', strapi).record({
          actor: SYSTEM_ACTOR,
          invitation: row.documentId,
          organization: row.organization?.documentId,
          action: 'invitation.delivery_failed',
          data: { email: row.email, attempt, error: reason.slice(0, 500), willRetry: !giveUp },
        });
      });
      return false;
    }
  };

  /**
   * Sends one claimed batch: the rows and the settings are read once for the batch, the mails go out
   * `concurrency` at a time, and the delivered ones are recorded together (one UPDATE and one audit
   * insert in one transaction) instead of a read, a transaction and three writes per mail.
   */
  const deliverBatch = async (ids: readonly number[]): Promise<void> => {
    // The settings first: between reading the rows and sending, nothing but composing may happen, or
    // an invitation revoked or made overdue meanwhile would still be mailed.
    const settings = await getService('settings', strapi).get();
    const rows = await store().findManyByIds(ids);
    // Revoked, accepted, declined or overdue since it was queued: released unsent. (A revoke that lands
    // while its batch is being sent still lets that one mail go out.)
    const due: InvitationRow[] = [];
    const stale: number[] = [];
    for (const row of rows) {
      if (effectiveStatus(row) === 'pending') due.push(row);
      else stale.push(row.id);
    }
    const sent: InvitationRow[] = [];
    let next = 0;
    const sender = async (): Promise<void> => {
      while (next < due.length) {
        const row = due[next++];
        if (await deliver(row, settings)) sent.push(row);
      }
    };
    await Promise.all(Array.from({ length: Math.min(config().concurrency, due.length) }, sender));
    await store().releaseClaims(stale);
    if (sent.length === 0) return;
    await strapi.db.transaction(async () => {
      await store().recordSent(sent.map((row) => row.id));
      await getService('audit', strapi).recordMany(
        sent.map((row) => ({
          action: 'invitation.sent' as const,
          actor: SYSTEM_ACTOR,
          invitation: row.documentId,
          organization: row.organization?.documentId,
          data: { email: row.email, attempt: (row.deliveryAttempts ?? 0) + 1 },
        }))
      );
    });
  };

  /** Sends everything due, a batch of `BATCH_PER_SENDER` mails per concurrent sender at a time, until nothing is left. */
  const drain = async (): Promise<void> => {
    for (;;) {
      const ids = await store().claimDue(config().concurrency * BATCH_PER_SENDER, config().leaseMs);
      if (ids.length === 0) return;
      await deliverBatch(ids);
      if (stopped) return;
    }
  };

  const tick = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drain()
      .catch((error: unknown) => {
        strapi.log.error(`[invitations] email worker: ${loggableMessage(error)}`);
      })
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          tick();
        }
      });
  };

  return {
    start(): void {
      if (!config().enabled || !stopped) return;
      stopped = false;
      timer = setInterval(tick, config().pollIntervalMs);
      timer.unref();
      tick();
    },
    /** Wakes the worker now (after an invite), instead of at the next poll. */
    kick(): void {
      if (!stopped) setImmediate(tick);
    },
    /** Stops polling and waits for mails in flight, so shutdown never cuts a delivery in half. */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
};

export default emailDeliveryService;
export type EmailDeliveryService = ReturnType<typeof emailDeliveryService>;
