import { UID } from '../../utils/constants';
import { query } from '../../utils/db';
import { getService } from '../../utils/get-service';
import { SYSTEM_ACTOR, type StrapiContext } from '../../utils/types';
import { INVITATION_POPULATE, personName } from '../invitation/dto';
import type { InvitationRow } from '../invitation/types';
import { formatExpiry, renderMessage } from './render';

const MAX_BACKOFF_MS = 3_600_000;

/**
 * The send queue lives on the invitation rows themselves (deliveryStatus, nextAttemptAt,
 * deliveryLockedUntil), so a crash or an SMTP outage never loses an invitation: it stays `queued`
 * until a worker delivers it. Each instance claims a row with a conditional UPDATE (a lease), sends at
 * most `concurrency` mails at once, and retries with exponential backoff up to `maxAttempts`.
 */
const emailDeliveryService = ({ strapi }: StrapiContext) => {
  const invitations = () => query(strapi, UID.invitation);
  const config = () => getService('settings', strapi).config().delivery;

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;

  /** Claims up to `limit` due rows for this instance; another instance cannot claim them until the lease ends. */
  const claim = async (limit: number): Promise<number[]> => {
    const now = new Date();
    const due = (await invitations().findMany({
      select: ['id'],
      where: {
        status: 'pending',
        deliveryStatus: 'queued',
        nextAttemptAt: { $lte: now },
        $or: [{ deliveryLockedUntil: null }, { deliveryLockedUntil: { $lt: now } }],
      },
      orderBy: { nextAttemptAt: 'asc' },
      limit,
    })) as { id: number }[];
    const claimed: number[] = [];
    for (const { id } of due) {
      const { count } = await invitations().updateMany({
        where: {
          id,
          deliveryStatus: 'queued',
          $or: [{ deliveryLockedUntil: null }, { deliveryLockedUntil: { $lt: now } }],
        },
        data: { deliveryLockedUntil: new Date(now.getTime() + config().leaseMs) },
      });
      if (count === 1) claimed.push(id);
    }
    return claimed;
  };

  const compose = async (row: InvitationRow) => {
    const settings = await getService('settings', strapi).get();
    const inviter = row.invitedBy;
    const link = await getService('invitation', strapi).acceptLink(row, settings);
    return renderMessage(settings.templates, {
      organization: row.organization?.name ?? row.partnerName ?? settings.portalName,
      portal: settings.portalName,
      inviter: inviter ? personName(inviter) : `The ${settings.portalName} team`,
      inviterEmail: inviter?.email ?? config().replyTo ?? config().from ?? '',
      role: row.role,
      link,
      expiresAt: formatExpiry(new Date(row.expiresAt)),
      email: row.email,
      firstName: row.firstName ?? 'there',
    });
  };

  const deliver = async (id: number): Promise<void> => {
    const row = (await invitations().findOne({ where: { id }, populate: INVITATION_POPULATE })) as InvitationRow | null;
    if (!row) return;
    // Revoked, accepted or declined since it was claimed: release it unsent. (What remains is the few
    // milliseconds of composing the mail, during which a revoke still lets the mail go out.)
    if (row.status !== 'pending') {
      await invitations().update({ where: { id }, data: { deliveryLockedUntil: null } });
      return;
    }
    const attempt = (row.deliveryAttempts ?? 0) + 1;
    const audit = getService('audit', strapi);
    const base = { actor: SYSTEM_ACTOR, invitation: row.documentId, organization: row.organization?.documentId };
    try {
      const message = await compose(row);
      const { from, replyTo } = config();
      await strapi.plugin('email').service('email').send({
        to: row.email,
        ...(from ? { from } : {}),
        ...(replyTo ? { replyTo } : {}),
        ...message,
      });
      await strapi.db.transaction(async () => {
        await invitations().update({
          where: { id },
          data: {
            deliveryStatus: 'sent',
            deliveryAttempts: attempt,
            deliveryLastError: null,
            lastSentAt: new Date(),
            nextAttemptAt: null,
            deliveryLockedUntil: null,
          },
        });
        await audit.record({ ...base, action: 'invitation.sent', data: { email: row.email, attempt } });
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const giveUp = attempt >= config().maxAttempts;
      const delay = Math.min(config().retryBaseMs * 2 ** (attempt - 1), MAX_BACKOFF_MS);
      strapi.log.warn(`[invitations] delivery to ${row.email} failed (attempt ${attempt}): ${reason}`);
      await strapi.db.transaction(async () => {
        await invitations().update({
          where: { id },
          data: {
            deliveryStatus: giveUp ? 'failed' : 'queued',
            deliveryAttempts: attempt,
            deliveryLastError: reason.slice(0, 2000),
            nextAttemptAt: giveUp ? null : new Date(Date.now() + delay),
            deliveryLockedUntil: null,
          },
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
      const ids = await claim(concurrency);
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
        strapi.log.error(`[invitations] email worker: ${String(error)}`);
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
    /** One pass over the due mails, whether or not the worker runs (used by tests and the CLI). */
    drain,
  };
};

export default emailDeliveryService;
export type EmailDeliveryService = ReturnType<typeof emailDeliveryService>;
