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
        fields: { definitions: settings.fields.invitation, values: row.customFields },
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

  /** Records delivered mails: one UPDATE and one audit insert, in one transaction. */
  const recordDelivered = async (sent: readonly InvitationRow[]): Promise<void> => {
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

  /**
   * Sends everything due with `concurrency` senders that never wait on each other. Mails are claimed
   * and read a batch at a time into a queue, and the next batch is fetched while the senders still
   * have `concurrency` mails to go, so no sender idles at a batch's end; delivered mails are recorded
   * a batch at a time in the background. Between being read and being mailed a row waits only for the
   * sends queued ahead of it (its batch's, and fewer than `concurrency` from the one before), and
   * nothing but composing lies between a sender taking it and mailing it.
   *
   * Timed at 10,000 mails, the batch-by-batch worker this replaces took 24.3 s: the sends 15.6 s
   * (spread over 5 senders), the batches' reads and writes 3.0 s with nothing sent meanwhile, and
   * 5.7 s neither, which is senders waiting for the last mails of each batch.
   */
  const drain = async (): Promise<void> => {
    const { concurrency, leaseMs } = config();
    const batchSize = concurrency * BATCH_PER_SENDER;
    const queue: { row: InvitationRow; settings: Settings }[] = [];
    let exhausted = false;
    let fetching: Promise<void> | null = null;
    let recording: Promise<void> = Promise.resolve();
    let unrecorded: InvitationRow[] = [];
    // A failed fetch or record ends the drain; kept here so that no background promise rejects unseen.
    let failure: unknown = null;

    const fetchBatch = async (): Promise<void> => {
      const ids = await store().claimDue(batchSize, leaseMs);
      if (ids.length === 0) {
        exhausted = true;
        return;
      }
      // The settings first: between reading the rows and sending, nothing but composing may happen,
      // or an invitation revoked or made overdue meanwhile would still be mailed.
      const settings = await getService('settings', strapi).get();
      const rows = await store().findManyByIds(ids);
      // Revoked, accepted, declined or overdue since it was queued: released unsent. (A revoke that
      // lands after its row was read still lets that one mail go out.)
      const stale: number[] = [];
      for (const row of rows) {
        if (effectiveStatus(row) === 'pending') queue.push({ row, settings });
        else stale.push(row.id);
      }
      await store().releaseClaims(stale);
    };
    /** One fetch at a time; a sender that finds the queue empty waits for it. */
    const fetchAhead = (): Promise<void> => {
      if (!fetching) {
        fetching = fetchBatch()
          .catch((error: unknown) => {
            failure ??= error;
          })
          .finally(() => {
            fetching = null;
          });
      }
      return fetching;
    };
    const recordInBackground = (sent: InvitationRow[]): void => {
      recording = recording.then(() =>
        recordDelivered(sent).catch((error: unknown) => {
          failure ??= error;
        })
      );
    };

    const sender = async (): Promise<void> => {
      try {
        while (!failure && !stopped) {
          const next = queue.shift();
          if (!next) {
            if (exhausted) return;
            await fetchAhead();
            continue;
          }
          if (queue.length < concurrency && !exhausted) fetchAhead();
          if (await deliver(next.row, next.settings)) {
            unrecorded.push(next.row);
            if (unrecorded.length >= batchSize) {
              recordInBackground(unrecorded);
              unrecorded = [];
            }
          }
        }
      } catch (error) {
        // Recording a failed delivery failed (the database is gone): the other senders stop too.
        failure ??= error;
      }
    };

    await Promise.all(Array.from({ length: concurrency }, sender));
    await fetching;
    if (unrecorded.length > 0) recordInBackground(unrecorded);
    await recording;
    // Stopped (or failed) with mails claimed but not sent: give them back rather than let them wait
    // out their lease.
    if (queue.length > 0) await store().releaseClaims(queue.map(({ row }) => row.id));
    if (failure) throw failure;
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
