import { TEMPLATE_PLACEHOLDERS, type EmailTemplates, type TemplatePlaceholder } from '../../../../shared/contracts';
import { personName } from '../../utils/people';

export type MessageVariables = Record<TemplatePlaceholder, string>;

/** `{name}` placeholders in a template. */
const PLACEHOLDER = /\{(\w+)\}/g;

/** The placeholders a template uses that rendering does not know (settings refuse them on save). */
export const unknownPlaceholders = (template: string): string[] =>
  [...template.matchAll(PLACEHOLDER)]
    .map((match) => match[1])
    .filter((key) => !(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(key));

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

// Own keys only: `{constructor}` must not reach Object.prototype.
const fill = (template: string, vars: MessageVariables, escape: (value: string) => string): string =>
  template.replace(PLACEHOLDER, (match, key: string) =>
    Object.prototype.hasOwnProperty.call(vars, key) ? escape(vars[key as TemplatePlaceholder]) : match
  );

/** Expiry as people read it in a mail, in UTC so every recipient sees the same instant. */
export const formatExpiry = (date: Date): string =>
  `${new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: 'UTC' }).format(date)} UTC`;

/**
 * The values a mail's placeholders take, with their fallbacks: the one place both the mail worker and
 * the settings preview build them, so the preview shows exactly what a mail will say.
 */
export const templateVariables = (input: {
  organizationName: string | null;
  partnerName: string | null;
  portalName: string;
  inviter: { firstname?: string | null; lastname?: string | null; email: string } | null;
  /** Who a question goes to when no person invited (a system or API invitation). */
  fallbackContact: string | null;
  role: string;
  link: string;
  expiresAt: Date;
  email: string;
  firstName: string | null;
}): MessageVariables => ({
  organization: input.organizationName ?? input.partnerName ?? input.portalName,
  portal: input.portalName,
  inviter: input.inviter ? personName(input.inviter) : `The ${input.portalName} team`,
  inviterEmail: input.inviter?.email ?? input.fallbackContact ?? '',
  role: input.role,
  link: input.link,
  expiresAt: formatExpiry(input.expiresAt),
  email: input.email,
  firstName: input.firstName ?? 'there',
});

export const renderMessage = (templates: EmailTemplates, vars: MessageVariables) => ({
  subject: fill(templates.subject, vars, (v) => v.replace(/[\r\n]+/g, ' ')),
  text: fill(templates.text, vars, (v) => v),
  html: fill(templates.html, vars, escapeHtml),
});
