import type {
  FieldDefinition,
  FieldDefinitions,
  FieldProblem,
  FieldType,
  FieldValue,
} from '../../../../shared/contracts';
import { isValidEmail } from '../../utils/emails';

/**
 * The rules of the fields a portal defines, pure so that the server (admission, accept, join, CSV)
 * and the admin panel's forms check values the same way. A value is checked against the definitions
 * of the moment it is written; what was stored before a definition changed stays as it was.
 */

/** Longest text a field holds. */
export const MAX_FIELD_TEXT = 1000;

/** The empty form of every type: a field left out. */
const isBlank = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const isCalendarDate = (value: string): boolean => {
  const match = DATE.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
};

// What a spreadsheet writes in a checkbox column.
const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'x', 'checked', 'on']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'unchecked', 'off']);

const EXAMPLE: Record<FieldType, string> = {
  text: 'any text',
  email: 'an address such as name@example.com',
  url: 'an address such as https://example.com',
  number: 'a number such as 250',
  select: '',
  date: 'a date written YYYY-MM-DD, such as 2026-03-31',
  checkbox: 'true or false (in a CSV file also yes/no, 1/0 or x)',
};

/** What `definition` expects, in words: "one of Small, Medium, Large". */
export const expectedValue = (definition: FieldDefinition): string =>
  definition.type === 'select' ? `one of ${(definition.options ?? []).join(', ')}` : EXAMPLE[definition.type];

/**
 * One value as `definition` stores it, or the reason it cannot be. Text from a CSV cell or a form
 * input is read as people write it: a number as text, a select option in any case, a checkbox as
 * yes/no. Otherwise a value must already be of its type.
 */
export const fieldValueOf = (
  definition: FieldDefinition,
  value: unknown
): { value: FieldValue } | { error: string } => {
  const name = definition.label;
  const wrong = { error: `${name} must be ${expectedValue(definition)}` };
  switch (definition.type) {
    case 'checkbox': {
      if (typeof value === 'boolean') return { value };
      const word = typeof value === 'string' ? value.trim().toLowerCase() : null;
      if (word !== null && TRUE_WORDS.has(word)) return { value: true };
      if (word !== null && FALSE_WORDS.has(word)) return { value: false };
      return wrong;
    }
    case 'number': {
      const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
      return Number.isFinite(number) ? { value: number } : wrong;
    }
    default: {
      if (typeof value !== 'string') return wrong;
      const text = value.trim();
      if (text.length > MAX_FIELD_TEXT)
        return {
          error: `${name} is ${text.length.toLocaleString('en')} characters long; at most ${MAX_FIELD_TEXT} fit`,
        };
      if (definition.type === 'email') return isValidEmail(text.toLowerCase()) ? { value: text.toLowerCase() } : wrong;
      if (definition.type === 'url') {
        try {
          return ['http:', 'https:'].includes(new URL(text).protocol) ? { value: text } : wrong;
        } catch {
          return wrong;
        }
      }
      if (definition.type === 'date') return isCalendarDate(text) ? { value: text } : wrong;
      if (definition.type === 'select') {
        const option = (definition.options ?? []).find((o) => o.toLowerCase() === text.toLowerCase());
        return option === undefined ? wrong : { value: option };
      }
      return { value: text };
    }
  }
};

/**
 * `values` checked against `definitions`: each known value in its stored form, and every problem
 * (a key no field has, a value of the wrong type, a required field left out or, for a checkbox, not
 * ticked). `values` null or absent is an empty set of answers.
 */
export const checkFieldValues = (
  definitions: readonly FieldDefinition[],
  values: Readonly<Record<string, unknown>> | null | undefined
): { values: Record<string, FieldValue>; problems: FieldProblem[] } => {
  const given = values ?? {};
  const problems: FieldProblem[] = [];
  const checked: Record<string, FieldValue> = {};
  // (A search of the few definitions rather than a Set of their keys: this runs for every row of an
  // import, most often with no fields at all.)
  for (const key of Object.keys(given)) {
    if (!definitions.some((definition) => definition.key === key)) {
      problems.push({
        key,
        message: definitions.length
          ? `"${key}" is not a field of this portal: the fields are ${definitions.map((d) => d.key).join(', ')}`
          : `"${key}" is not a field of this portal: it defines none (Settings → Invitations → Fields)`,
      });
    }
  }
  for (const definition of definitions) {
    const value = given[definition.key];
    if (isBlank(value)) {
      if (definition.required) problems.push({ key: definition.key, message: `${definition.label} is required` });
      continue;
    }
    const outcome = fieldValueOf(definition, value);
    if ('error' in outcome) {
      problems.push({ key: definition.key, message: outcome.error });
      continue;
    }
    if (definition.required && outcome.value === false) {
      problems.push({ key: definition.key, message: `${definition.label} must be ticked` });
      continue;
    }
    checked[definition.key] = outcome.value;
  }
  return { values: checked, problems };
};

/** The problems as one sentence, for a CSV line or an error message. */
export const describeProblems = (problems: readonly FieldProblem[]): string =>
  problems.map((problem) => problem.message).join('; ');

/** A stored value as a person reads it (a mail, the details panel, an export). */
export const displayValue = (value: unknown): string => {
  if (value === true) return 'Yes';
  if (value === false) return 'No';
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
};

/** No definitions: what a portal that defines none has. */
export const NO_FIELDS: FieldDefinitions = { invitation: [], application: [] };
