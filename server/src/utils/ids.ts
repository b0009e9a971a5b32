import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Document ids shaped like Strapi's (24 lower-case alphanumerics), for rows we insert in bulk.
 * Strapi's cuid2 `createId()` manages ~38k ids/s, which alone would cap a 100k-row import; this draws
 * one random buffer for many ids. 24 characters from 36 symbols carry ~124 bits.
 */
export const documentIds = (count: number): string[] => {
  const bytes = randomBytes(count * 24);
  const ids: string[] = new Array(count);
  for (let i = 0; i < count; i += 1) {
    let id = '';
    for (let j = 0; j < 24; j += 1) id += ALPHABET[bytes[i * 24 + j] % 36];
    ids[i] = id;
  }
  return ids;
};
