import { loggableMessage } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import { SYSTEM_ACTOR, type StrapiContext } from '../../utils/types';
import { effectiveStatus, inviterOf } from '../invitation-store/rules';
import type { InvitationRow } from '../invitation-store/types';
import { renderMessage, templateVariables } from './render';

const MAX_BACKOFF_MS = 3_600_000;

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

  const compose = async (row: InvitationRow) => {
    const settings = await getService('settings', strapi).get();
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

  const deliver = async (id: number): Promise<void> => {
    const row = await store().findById(id);
    if (!row) return;
    // Revoked, accepted, declined or overdue since it was claimed: release it unsent. (What remains is
    // the few milliseconds of composing the mail, during which a revoke still lets the mail go out.)
    if (effectiveStatus(row) !== 'pending') {
      await store().releaseClaim(id);
      return;
    }
    const attempt = (row.deliveryAttempts ?? 0) + 1;
    const audit = getService('audit', strapi);
    const base = { actor: SYSTEM_ACTOR, invitation: row.documentId, organization: row.organization?.documentId };
    try {
      const message = await compose(row);
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
      await strapi.db.transaction(async () => {
        await store().recordDelivery(id, { sent: true, attempt });
        await audit.record({ ...base, action: 'invitation.sent', data: { email: row.email, attempt } });
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const giveUp = attempt >= config().maxAttempts;
      const delay = Math.min(config().retryBaseMs * 2 ** (attempt - 1), MAX_BACKOFF_MS);
      strapi.log.warn(`[invitations] delivery to ${row.email} failed (attempt ${attempt}): ${reason}`);
      await strapi.db.transaction(async () => {
        await store().recordDelivery(id, {
          sent: false,
          attempt,
          error: reason,
          retryAt: giveUp ? null : new Date(Date.now() + delay),
        });
        await audit.record({
          ...base,
          action: 'invitation.delivery_failed',
          data: { email: row.email, attempt, error: reason.slice(0, 500), willRetry: !giveUp },
        });
      });
    }
  };

  /** Sends everything due, `concurrency` at a time, until nothing is left. */
  const drain = async (): Promise<void> => {
    const { concurrency } = config();
    for (;;) {
      const ids = await store().claimDue(concurrency, config().leaseMs);
      if (ids.length === 0) return;
      await Promise.all(ids.map((id) => deliver(id)));
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
