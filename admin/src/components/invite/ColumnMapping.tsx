import { useState } from 'react';
import {
  Box,
  Button,
  Flex,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  TextButton,
  Tr,
  Typography,
} from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { CSV_FIELDS } from '../../../../shared/contracts';
import { useT } from '../../hooks/useT';
import { TableHeader } from '../common/TableHeader';
import type { CsvColumnField, CsvMappingRequest, FieldDefinition } from '../../types';

/** The select's value for "this column is not imported". */
const UNREAD = '-';

interface ColumnMappingProps {
  /** The file's header cells, in order. */
  columns: string[];
  mapping: CsvMappingRequest;
  onChange: (mapping: CsvMappingRequest) => void;
  /** Re-runs the check with this mapping. */
  onApply: () => void;
  busy: boolean;
  /** The invitation fields the portal defines: each can be read from a column too (`fields.<key>`). */
  definitions: readonly FieldDefinition[];
}

/**
 * The file's columns, each with what it is read as (auto-filled from what the import recognised).
 * A field is read from one column: choosing it for another column moves it there. An export with 90
 * columns shows the ones read first; the others are one click away.
 */
export const ColumnMapping = ({ columns, mapping, onChange, onApply, busy, definitions }: ColumnMappingProps) => {
  const t = useT();
  const fields: { field: CsvColumnField; label: string }[] = [
    ...CSV_FIELDS.map((field) => ({ field, label: t(`import.field.${field}`) })),
    ...definitions.map((definition) => ({ field: `fields.${definition.key}` as const, label: definition.label })),
  ];
  /** The field a column is read as under `mapping`, or UNREAD. */
  const fieldOfColumn = (current: CsvMappingRequest, column: string): CsvColumnField | typeof UNREAD =>
    fields.find(({ field }) => current[field] === column)?.field ?? UNREAD;
  const [showAll, setShowAll] = useState(false);
  const read = columns.filter((column) => fieldOfColumn(mapping, column) !== UNREAD);
  const shown = showAll || read.length === 0 ? columns : read;
  const choose = (column: string, choice: string) => {
    const next: CsvMappingRequest = { ...mapping };
    const current = fieldOfColumn(mapping, column);
    if (current !== UNREAD) next[current] = null;
    if (choice !== UNREAD) next[choice as CsvColumnField] = column;
    onChange(next);
  };
  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="column-mapping">
      <Typography variant="delta" tag="h3">
        {t('import.mapping.title')}
      </Typography>
      <Typography variant="pi" textColor="neutral600">
        {t('import.mapping.intro')}
      </Typography>
      <Box style={{ maxHeight: '28rem', overflow: 'auto' }}>
        <Table colCount={2} rowCount={shown.length + 1}>
          <TableHeader columns={[t('import.mapping.column'), t('import.mapping.readAs')]} />
          <Tbody>
            {shown.map((column, index) => (
              <Tr key={`${index}-${column}`} data-column={column}>
                <Td>
                  <Typography fontWeight="semiBold">
                    {column || t('import.mapping.unnamed', { index: index + 1 })}
                  </Typography>
                </Td>
                <Td>
                  <SingleSelect
                    aria-label={t('import.mapping.selectLabel', { column })}
                    value={fieldOfColumn(mapping, column)}
                    onChange={(choice: string | number) => choose(column, String(choice))}
                    disabled={busy || column === ''}
                  >
                    <SingleSelectOption value={UNREAD}>{t('import.mapping.unread')}</SingleSelectOption>
                    {fields.map(({ field, label }) => (
                      <SingleSelectOption key={field} value={field}>
                        {label}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      </Box>
      <Flex justifyContent="space-between">
        <Box>
          {shown.length < columns.length && (
            <TextButton onClick={() => setShowAll(true)}>
              {t('import.mapping.showAll', { count: columns.length - shown.length })}
            </TextButton>
          )}
        </Box>
        <Button
          variant="secondary"
          startIcon={<ArrowClockwise />}
          loading={busy}
          disabled={!mapping.emailAddress}
          onClick={onApply}
        >
          {t('import.mapping.apply')}
        </Button>
      </Flex>
    </Flex>
  );
};
