import type { StrapiContext } from '../../utils/types';

/**
 * Events sent through Strapi's webhook system. Registered as allowed events, so a webhook created
 * with them (admin API `POST /admin/webhooks`) receives `{ event, createdAt, ...payload }`.
 */
export const WEBHOOK_EVENTS = {
  INVITATION_CREATED: 'invitation.created',
  INVITATION_ACCEPTED: 'invitation.accepted',
  INVITATION_DECLINED: 'invitation.declined',
  INVITATION_REVOKED: 'invitation.revoked',
  INVITATION_EXPIRED: 'invitation.expired',
  JOIN_LINK_USED: 'join_link.used',
  IMPORT_COMPLETED: 'import.completed',
  MEMBERSHIP_APPROVED: 'membership.approved',
  MEMBERSHIP_REJECTED: 'membership.rejected',
} as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[keyof typeof WEBHOOK_EVENTS];

const webhookEventsService = ({ strapi }: StrapiContext) => ({
  register(): void {
    const store = strapi.get('webhookStore');
    Object.entries(WEBHOOK_EVENTS).forEach(([key, value]) => store.addAllowedEvent(key, value));
  },

  /** Call after the change is committed: a webhook must never announce what was rolled back. */
  emit(event: WebhookEvent, payload: Record<string, unknown>): void {
    void strapi.eventHub.emit(event, payload);
  },
});

export default webhookEventsService;
export type WebhookEventsService = ReturnType<typeof webhookEventsService>;
