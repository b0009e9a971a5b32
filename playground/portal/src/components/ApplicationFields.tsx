import type { FieldDefinition, FieldValue } from '../../../../shared/contracts';
import { ApiError } from '../api';

/** The answers being typed, by field key (text as typed; a checkbox as true/false). */
export type Answers = Record<string, FieldValue>;

/** Each field's message from a refused accept or join (`details.errors` with paths `application.<key>`). */
export const answerErrorsOf = (error: unknown): Record<string, string> => {
  if (!(error instanceof ApiError)) return {};
  const errors = (error.details.errors ?? []) as { path?: string; message: string }[];
  return Object.fromEntries(
    errors.flatMap((e) =>
      e.path?.startsWith('application.') ? [[e.path.slice('application.'.length), e.message]] : []
    )
  );
};

const INPUT_TYPE = { text: 'text', email: 'email', url: 'url', number: 'number', date: 'date' } as const;

/**
 * The portal's application fields, as the preview of an invitation or join link lists them: each
 * as the input its type calls for. The server checks the answers; this only collects them.
 */
export function ApplicationFields({
  fields,
  answers,
  errors,
  onChange,
}: {
  fields: FieldDefinition[];
  answers: Answers;
  errors: Record<string, string>;
  onChange: (answers: Answers) => void;
}) {
  if (fields.length === 0) return null;
  const set = (key: string, value: FieldValue) => onChange({ ...answers, [key]: value });
  return (
    <fieldset className="application" aria-label="Your application">
      <legend>Your application</legend>
      {fields.map((field) => {
        const id = `application-${field.key}`;
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
