import { randomBytes } from 'node:crypto';

const SYMBOLS = Buffer.from('abcdefghijklmnopqrstuvwxyz0123456789', 'latin1');

/**
 * Document ids shaped like Strapi's (24 lower-case alphanumerics), for rows we insert in bulk.
 * Strapi's cuid2 `createId()` manages ~38k ids/s, which alone would cap a 100k-row import; this draws
 * one random buffer for many ids. 24 characters from 36 symbols carry ~124 bits.
 */
export const documentIds = (count: number): string[] => {
  const bytes = randomBytes(count * 24);
  // Each byte becomes its symbol in place; each id is then one string read off the buffer (adding
  // 24 characters one at a time allocated 24 strings an id: 66 MB of garbage in a 100k-row import).
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = SYMBOLS[bytes[i] % 36];
  const ids: string[] = new Array(count);
  for (let i = 0; i < count; i += 1) ids[i] = bytes.toString('latin1', i * 24, i * 24 + 24);
  return ids;
};
