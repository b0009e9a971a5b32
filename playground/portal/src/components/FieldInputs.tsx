import type { FieldDefinition, FieldValue } from '../../../../shared/contracts';
// The server's own display of a stored value (Yes/No for a checkbox).
import { displayValue } from '../../../../server/src/services/fields/rules';
import { ApiError } from '../api';

/** The values being typed, by field key (text as typed; a checkbox as true/false). */
export type Answers = Record<string, FieldValue>;

/**
 * Each field's message from a refused request, by key: `details.errors` paths are `<prefix>.<key>`
 * (`application.why` on accept or join, `customFields.companySize` on invite).
 */
export const fieldErrorsOf = (error: unknown, prefix: 'application' | 'customFields'): Record<string, string> => {
  if (!(error instanceof ApiError)) return {};
  const errors = (error.details.errors ?? []) as { path?: string; message: string }[];
  return Object.fromEntries(
    errors.flatMap((e) => (e.path?.startsWith(`${prefix}.`) ? [[e.path.slice(prefix.length + 1), e.message]] : []))
  );
};

/** Stored values as "Label: value" lines (an applicant's answers), labelled by the definitions. */
export function FieldAnswers({
  values,
  definitions,
  omit = [],
}: {
  values: Record<string, unknown> | null | undefined;
  definitions: FieldDefinition[];
  omit?: string[];
}) {
  const entries = Object.entries(values ?? {}).filter(([key]) => !omit.includes(key));
  return (
    <>
      {entries.map(([key, value]) => (
        <div key={key} data-field={key}>
          {definitions.find((definition) => definition.key === key)?.label ?? key}: {displayValue(value)}
        </div>
      ))}
    </>
  );
}

const INPUT_TYPE = { text: 'text', email: 'email', url: 'url', number: 'number', date: 'date' } as const;

/**
 * The portal's fields, each as the input its type calls for: the application fields an invitation or
 * join link's preview lists, or the invitation fields of the invite form. The server checks the
 * values; this only collects them.
 */
export function FieldInputs({
  legend,
  fields,
  answers,
  errors,
  onChange,
}: {
  legend: string;
  fields: FieldDefinition[];
  answers: Answers;
  errors: Record<string, string>;
  onChange: (answers: Answers) => void;
}) {
  if (fields.length === 0) return null;
  const set = (key: string, value: FieldValue) => onChange({ ...answers, [key]: value });
  return (
    <fieldset className="application" aria-label={legend}>
      <legend>{legend}</legend>
      {fields.map((field) => {
        const id = `field-${field.key}`;
        const error = errors[field.key];
        const help = field.help ? <small>{field.help}</small> : null;
        if (field.type === 'checkbox') {
          return (
            <label key={field.key} className="check">
              <input
                id={id}
                type="checkbox"
                checked={answers[field.key] === true}
                required={field.required}
                onChange={(e) => set(field.key, e.target.checked)}
              />
              {field.label}
              {help}
              {error && <span className="field-error">{error}</span>}
            </label>
          );
        }
        return (
          <label key={field.key} htmlFor={id}>
            {field.label}
            {field.required ? ' *' : ''}
            {field.type === 'select' ? (
              <select
                id={id}
                required={field.required}
                value={String(answers[field.key] ?? '')}
                onChange={(e) => set(field.key, e.target.value)}
              >
                <option value="">Choose…</option>
                {(field.options ?? []).map((option) => (
                  <option key={option} value={option}>
                    {option}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={id}
                type={INPUT_TYPE[field.type]}
                required={field.required}
                value={String(answers[field.key] ?? '')}
                onChange={(e) => set(field.key, e.target.value)}
              />
            )}
            {help}
            {error && <span className="field-error">{error}</span>}
          </label>
        );
      })}
    </fieldset>
  );
}
