import {
  CSV_FIELDS,
  CSV_FIELD_ALIASES,
  type CsvColumnField,
  type CsvColumnMapping,
  type CsvField,
  type CsvMappingRequest,
  type FieldDefinition,
} from '../../../../shared/contracts';
import { badRequest } from '../../utils/errors';

/** A header cell as names compare: no BOM, accents, case, spaces or punctuation ("E-mail 1 - Value" → "email1value"). */
export const headerKey = (cell: string): string =>
  cell
    .replace(/^\uFEFF/, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** Each header key → the field it names and how strongly (0 = the canonical name). */
const FIELD_OF_KEY = new Map<string, { field: CsvField; rank: number }>();
for (const field of CSV_FIELDS) {
  CSV_FIELD_ALIASES[field].forEach((alias, rank) => {
    if (!FIELD_OF_KEY.has(headerKey(alias))) FIELD_OF_KEY.set(headerKey(alias), { field, rank });
  });
}

/** The field a header cell names, if any. */
export const fieldOfHeader = (cell: string): CsvField | undefined => FIELD_OF_KEY.get(headerKey(cell))?.field;

/** Which field an import reads from which column: `{ emailAddress: "E-mail 1 - Value", … }`, by header name. */
export type ColumnMappingRequest = CsvMappingRequest;

/** The invitation field (Settings → Invitations → Fields) a header cell names by its key or label, if any. */
export const customFieldOfHeader = (
  definitions: readonly FieldDefinition[],
  cell: string
): FieldDefinition | undefined => {
  const wanted = headerKey(cell);
  return wanted === ''
    ? undefined
    : definitions.find((definition) => headerKey(definition.key) === wanted || headerKey(definition.label) === wanted);
};

/** The column field of an invitation field: `fields.companySize`. */
export const customColumnOf = (definition: Pick<FieldDefinition, 'key'>): CsvColumnField => `fields.${definition.key}`;

/**
 * Reads the header: each field from the column whose name is its best-ranked name (leftmost on a tie),
 * and each invitation field the portal defines from the first column named by its key or label.
 * An explicit mapping replaces recognition entirely, so what the admin chose is exactly what is read;
 * a field it leaves out (or maps to null) is not read.
 */
export function recognizeColumns(
  header: string[],
  mapping?: ColumnMappingRequest,
  definitions: readonly FieldDefinition[] = []
): CsvColumnMapping[] {
  if (mapping) {
    const fields: CsvColumnField[] = [...CSV_FIELDS, ...definitions.map(customColumnOf)];
    const unknown = Object.keys(mapping).find((field) => !(fields as string[]).includes(field));
    if (unknown !== undefined) {
      throw badRequest(
        'CSV_MAPPING_INVALID',
        `The mapping names "${unknown}", which is no field of the import: map columns to ${fields.join(', ')}.`,
        { field: unknown, fields }
      );
    }
    return fields
      .flatMap((field) => {
        const name = mapping[field];
        if (name === undefined || name === null || name === '') return [];
        const index = header.findIndex((cell) => cell.trim() === name.trim());
        if (index === -1) {
          throw badRequest(
            'CSV_MAPPING_INVALID',
            `The mapping reads ${field} from a column "${name}", but the file's header has no such column: choose one of ${header
              .map((cell) => `"${cell.trim()}"`)
              .join(', ')}.`,
            { field, value: name, columns: header.map((cell) => cell.trim()) }
          );
        }
        return [{ field, column: index + 1, header: header[index].trim(), matchedBy: 'mapping' as const }];
      })
      .sort((a, b) => a.column - b.column);
  }
  const best = new Map<CsvColumnField, { index: number; rank: number }>();
  header.forEach((cell, index) => {
    const named = FIELD_OF_KEY.get(headerKey(cell));
    if (named) {
      const current = best.get(named.field);
      if (!current || named.rank < current.rank) best.set(named.field, { index, rank: named.rank });
      return;
    }
    const custom = customFieldOfHeader(definitions, cell);
    if (custom && !best.has(customColumnOf(custom))) best.set(customColumnOf(custom), { index, rank: 0 });
  });
  return [...best.entries()]
    .map(([field, { index }]) => ({
      field,
      column: index + 1,
      header: header[index].trim(),
      matchedBy: 'name' as const,
    }))
    .sort((a, b) => a.column - b.column);
}

/** Whether `mapping` reads the email column from one of these cells (to find the header line with it). */
export const namesEmailColumn = (cells: string[], mapping?: ColumnMappingRequest): boolean =>
  mapping
    ? !!mapping.emailAddress && cells.some((cell) => cell.trim() === mapping.emailAddress!.trim())
    : cells.some((cell) => fieldOfHeader(cell) === 'emailAddress');
