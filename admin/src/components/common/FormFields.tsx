import { Field, Grid, NumberInput, SingleSelect, SingleSelectOption, TextInput } from '@strapi/design-system';

/** What every labelled field of the panel shares: a label, and the server's hint or error under it. */
interface FieldFrame {
  label: string;
  name?: string;
  hint?: string;
  error?: string;
  required?: boolean;
  disabled?: boolean;
}

const Frame = ({ label, name, hint, error, required, children }: FieldFrame & { children: React.ReactNode }) => (
  <Field.Root name={name} hint={hint} error={error || undefined} required={required}>
    <Field.Label>{label}</Field.Label>
    {children}
    <Field.Hint />
    <Field.Error />
  </Field.Root>
);

export interface SelectFieldProps extends FieldFrame {
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
}

export const SelectField = ({ value, options, onChange, disabled, ...frame }: SelectFieldProps) => (
  <Frame {...frame}>
    <SingleSelect value={value} onChange={(next: string | number) => onChange(String(next))} disabled={disabled}>
      {options.map((option) => (
        <SingleSelectOption key={option.value} value={option.value}>
          {option.label}
        </SingleSelectOption>
      ))}
    </SingleSelect>
  </Frame>
);

export const TextField = ({
  value,
  onChange,
  disabled,
  type,
  ...frame
}: FieldFrame & { value: string; onChange: (value: string) => void; type?: 'text' | 'date' | 'url' }) => (
  <Frame {...frame}>
    <TextInput
      type={type}
      value={value}
      disabled={disabled}
      onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
    />
  </Frame>
);

export const NumberField = ({
  value,
  onChange,
  disabled,
  step,
  ...frame
}: FieldFrame & { value: number | undefined; onChange: (value: number | undefined) => void; step?: number }) => (
  <Frame {...frame}>
    <NumberInput value={value} step={step} disabled={disabled} onValueChange={onChange} />
  </Frame>
);

/** A form grid cell whose field fills it: half the width by default, the whole width on small screens. */
export const FormCell = ({ col = 6, s = 12, children }: { col?: number; s?: number; children: React.ReactNode }) => (
  <Grid.Item col={col} s={s} direction="column" alignItems="stretch">
    {children}
  </Grid.Item>
);
