/**
 * Email parsing shared by the invite form, the API and (later) the CSV import, so that
 * "what counts as one email and when it is valid" has exactly one definition.
 */

// Deliberately pragmatic (HTML5's definition, as browsers validate <input type=email>), plus a TLD.
const EMAIL_PATTERN =
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

export const MAX_EMAIL_LENGTH = 254;

/** Splits one pasted string (or a list of them) on commas, semicolons, whitespace and new lines. */
export const splitEmails = (input: string | readonly string[]): string[] =>
  (typeof input === 'string' ? [input] : input)
    .flatMap((chunk) => String(chunk).split(/[\s,;]+/))
    .map((email) => email.trim())
    .filter((email) => email.length > 0);

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export const isValidEmail = (email: string): boolean =>
  email.length <= MAX_EMAIL_LENGTH && EMAIL_PATTERN.test(email) && !email.includes('..');

export const emailDomain = (email: string): string => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/** A domain rule matches the domain itself and its subdomains: `acme.com` allows `eu.acme.com`. */
export const isDomainAllowed = (email: string, allowedDomains: readonly string[] | null | undefined): boolean => {
  if (!allowedDomains || allowedDomains.length === 0) return true;
  const domain = emailDomain(email);
  return allowedDomains.some((allowed) => domain === allowed || domain.endsWith(`.${allowed}`));
};

/** Masks `jane.doe@acme.com` as `j***@acme.com` for messages shown to someone else. */
export const maskEmail = (email: string): string => {
  const at = email.indexOf('@');
  return at <= 0 ? '***' : `${email[0]}***${email.slice(at)}`;
};
