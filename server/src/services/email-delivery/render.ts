import type { EmailTemplates } from '../../config';

export interface MessageVariables {
  organization: string;
  portal: string;
  inviter: string;
  inviterEmail: string;
  role: string;
  link: string;
  expiresAt: string;
  email: string;
  firstName: string;
}

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

const fill = (template: string, vars: MessageVariables, escape: (value: string) => string): string =>
  template.replace(/\{(\w+)\}/g, (match, key: string) =>
    key in vars ? escape(vars[key as keyof MessageVariables]) : match
  );

/** Expiry as people read it in a mail, in UTC so every recipient sees the same instant. */
export const formatExpiry = (date: Date): string =>
  `${new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: 'UTC' }).format(date)} UTC`;

export const renderMessage = (templates: EmailTemplates, vars: MessageVariables) => ({
  subject: fill(templates.subject, vars, (v) => v.replace(/[\r\n]+/g, ' ')),
  text: fill(templates.text, vars, (v) => v),
  html: fill(templates.html, vars, escapeHtml),
});
