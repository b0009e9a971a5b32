import { Checkbox, Field, NumberInput, SingleSelect, SingleSelectOption, TextInput } from '@strapi/design-system';
import type { FieldDefinition, FieldValue } from '../../types';

/** A value being typed: what the input holds before it is checked (an empty number is undefined). */
export type FieldDraftValue = FieldValue | undefined;

interface FieldInputProps {
  definition: FieldDefinition;
  value: FieldDraftValue;
  onChange: (value: FieldDraftValue) => void;
  /** The server's or the form's message for this field. */
  error?: string;
}

const INPUT_TYPE = { text: 'text', email: 'email', url: 'url', date: 'date' } as const;

/** One field the portal defines, as the input its type calls for, with its label, help and error. */
export const FieldInput = ({ definition, value, onChange, error }: FieldInputProps) => {
  const name = `fields.${definition.key}`;
  if (definition.type === 'checkbox') {
    return (
      <Field.Root name={name} hint={definition.help} error={error} required={definition.required}>
        <Checkbox
          checked={value === true}
          onCheckedChange={(checked: boolean | 'indeterminate') => onChange(checked === true)}
        >
          {definition.label}
        </Checkbox>
        <Field.Hint />
        <Field.Error />
      </Field.Root>
    );
  }
  return (
    <Field.Root name={name} hint={definition.help} error={error} required={definition.required}>
      <Field.Label>{definition.label}</Field.Label>
      {definition.type === 'select' ? (
        <SingleSelect
          value={typeof value === 'string' ? value : undefined}
          onChange={(next: string | number) => onChange(String(next))}
          onClear={definition.required ? undefined : () => onChange(undefined)}
        >
          {(definition.options ?? []).map((option) => (
            <SingleSelectOption key={option} value={option}>
              {option}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      ) : definition.type === 'number' ? (
        <NumberInput value={typeof value === 'number' ? value : undefined} onValueChange={onChange} />
      ) : (
        <TextInput
          type={INPUT_TYPE[definition.type]}
          value={typeof value === 'string' ? value : ''}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
        />
      )}
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
};
