import { isUtf8 } from 'node:buffer';
import { Transform } from 'node:stream';
import type { CsvEncoding } from '../../../../shared/contracts';

/** How the file's bytes are text, as `detectEncoding` found it from the file's start. */
export interface DetectedEncoding {
  encoding: CsvEncoding;
  /** Bytes of the byte-order mark, skipped before decoding. */
  bomBytes: number;
}

const startsWith = (head: Buffer, bytes: number[]) => bytes.every((byte, index) => head[index] === byte);

/** UTF-16 without a byte-order mark: ASCII text has a zero as every other byte, on one side. */
const utf16WithoutBom = (head: Buffer): CsvEncoding | null => {
  const pairs = Math.floor(Math.min(head.length, 4096) / 2);
  if (pairs < 2) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < pairs; i += 1) {
    if (head[2 * i] === 0) zeroEven += 1;
    if (head[2 * i + 1] === 0) zeroOdd += 1;
  }
  if (zeroOdd > pairs * 0.6 && zeroEven < pairs * 0.05) return 'utf-16le';
  if (zeroEven > pairs * 0.6 && zeroOdd < pairs * 0.05) return 'utf-16be';
  return null;
};

/**
 * Whether bytes that arrive in chunks are valid UTF-8, checked natively (`buffer.isUtf8`) without
 * decoding them into strings. A character cut at a chunk's end waits for the next chunk; `end()` says
 * whether what was left over was a whole character.
 */
export const utf8Validator = () => {
  let carry = Buffer.alloc(0);
  let valid = true;
  return {
    add(chunk: Buffer): boolean {
      if (!valid) return false;
      const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      // Back up over continuation bytes (10xxxxxx) to the start of the last character.
      let start = bytes.length - 1;
      while (start > 0 && start > bytes.length - 4 && (bytes[start] & 0xc0) === 0x80) start -= 1;
      const lead = bytes[start];
      const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
      const cut = start + length > bytes.length ? start : bytes.length;
      valid = isUtf8(bytes.subarray(0, cut));
      carry = Buffer.from(bytes.subarray(cut));
      return valid;
    },
    end: (): boolean => valid && (carry.length === 0 || isUtf8(carry)),
  };
};

/** Whether the start of a file is UTF-8 (a character cut at its end is allowed). */
export const isValidUtf8 = (head: Buffer): boolean => utf8Validator().add(head);

/**
 * How the file's bytes are text. A byte-order mark decides (UTF-8, UTF-16 LE or BE, as Excel's
 * "Unicode Text" writes); UTF-16 without one shows as a zero byte in every other place. Otherwise a
 * file is UTF-8 when its bytes are valid UTF-8, and Windows-1252 when they are not: that is what
 * Excel's "CSV (Comma delimited)" and Outlook write on Windows. Decoding is the platform's WHATWG
 * TextDecoder. `null`: not text (zero bytes that are not UTF-16).
 */
export function detectEncoding(head: Buffer): DetectedEncoding | null {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8', bomBytes: 3 };
  if (startsWith(head, [0xff, 0xfe])) return { encoding: 'utf-16le', bomBytes: 2 };
  if (startsWith(head, [0xfe, 0xff])) return { encoding: 'utf-16be', bomBytes: 2 };
  const utf16 = utf16WithoutBom(head);
  if (utf16) return { encoding: utf16, bomBytes: 0 };
  if (head.includes(0)) return null;
  return { encoding: isValidUtf8(head) ? 'utf-8' : 'windows-1252', bomBytes: 0 };
}

/** The file's start as text, for sniffing. */
export const decodeHead = (head: Buffer, { encoding, bomBytes }: DetectedEncoding): string =>
  new TextDecoder(encoding).decode(head.subarray(bomBytes), { stream: true });

/**
 * Control characters other than tab, line breaks and form feed: text files have none or nearly none,
 * binary files (a PNG, a PDF, a zip without its signature) have many.
 */
export const looksBinary = (text: string): boolean => {
  const sample = text.slice(0, 8192);
  let controls = 0;
  for (let i = 0; i < sample.length; i += 1) {
    const code = sample.charCodeAt(i);
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13 && code !== 12) || code === 0xfffd) controls += 1;
  }
  return sample.length > 0 && controls / sample.length > 0.01;
};

/** A stream of the file's text: bytes in, decoded strings out, the byte-order mark dropped. */
export const decodingStream = ({ encoding, bomBytes }: DetectedEncoding): Transform => {
  const decoder = new TextDecoder(encoding);
  let skip = bomBytes;
  return new Transform({
    readableObjectMode: false,
    decodeStrings: true,
    transform(chunk: Buffer, _encoding, done) {
      let bytes = chunk;
      if (skip > 0) {
        const skipped = Math.min(skip, bytes.length);
        bytes = bytes.subarray(skipped);
        skip -= skipped;
      }
      done(null, decoder.decode(bytes, { stream: true }));
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
};
