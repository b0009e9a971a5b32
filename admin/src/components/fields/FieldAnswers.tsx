import { Typography } from '@strapi/design-system';
import type { FieldDefinition } from '../../types';
import { displayValue } from '../../../../server/src/services/fields/rules';

interface FieldAnswersProps {
  values: Record<string, unknown> | null | undefined;
  /** Gives each key its label; a key no longer defined is shown by its key (stored values never vanish). */
  definitions: readonly FieldDefinition[];
  /** Keys shown elsewhere (the partner program's company name). */
  omit?: readonly string[];
}

/** Stored field values as "Label: value" lines: an invitation's fields, an applicant's answers. */
export const FieldAnswers = ({ values, definitions, omit = [] }: FieldAnswersProps) => {
  const entries = Object.entries(values ?? {}).filter(([key]) => !omit.includes(key));
  if (entries.length === 0) return null;
  const labelOf = (key: string) => definitions.find((definition) => definition.key === key)?.label ?? key;
  return (
    <>
      {entries.map(([key, value]) => (
        <Typography key={key} variant="pi" textColor="neutral700" data-field={key}>
          {labelOf(key)}: {displayValue(value)}
        </Typography>
      ))}
    </>
  );
};
