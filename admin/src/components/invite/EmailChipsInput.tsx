import { useState } from 'react';
import { Box, Field, Flex, Tag, Typography } from '@strapi/design-system';
import { Cross } from '@strapi/icons';
// The server's own parsing: what the box accepts is exactly what the API accepts.
import { isValidEmail, normalizeEmail, splitEmails } from '../../../../server/src/utils/emails';
import { useT } from '../../hooks/useT';

export interface EmailChip {
  value: string;
  valid: boolean;
}

/** Adds addresses to the chip list, skipping ones already there (case-insensitively). */
export const addChips = (chips: EmailChip[], input: string): EmailChip[] => {
  const seen = new Set(chips.map((chip) => normalizeEmail(chip.value)));
  const added: EmailChip[] = [];
  for (const value of splitEmails(input)) {
    const key = normalizeEmail(value);
    if (seen.has(key)) continue;
    seen.add(key);
    added.push({ value, valid: isValidEmail(value) });
  }
  return [...chips, ...added];
};

interface EmailChipsInputProps {
  chips: EmailChip[];
  onChange: (chips: EmailChip[]) => void;
  error?: string;
}

/**
 * Turns typed or pasted addresses (commas, semicolons, spaces, new lines) into removable chips and
 * marks the invalid ones before anything is sent.
 */
export const EmailChipsInput = ({ chips, onChange, error }: EmailChipsInputProps) => {
  const t = useT();
  const [draft, setDraft] = useState('');
  const invalid = chips.filter((chip) => !chip.valid).length;

  const commit = (text: string) => {
    if (text.trim()) onChange(addChips(chips, text));
    setDraft('');
  };

  return (
    <Field.Root
      name="emails"
      required
      error={error ?? (invalid ? t('invite.emails.invalid', { count: invalid }) : undefined)}
      hint={t('invite.emails.hint')}
    >
      <Field.Label>{t('invite.emails')}</Field.Label>
      <Box
        padding={2}
        borderColor={invalid || error ? 'danger600' : 'neutral200'}
        borderStyle="solid"
        borderWidth="1px"
        hasRadius
        background="neutral0"
      >
        <Flex gap={2} wrap="wrap">
          {chips.map((chip) => (
            <Tag
              key={chip.value}
              icon={<Cross aria-hidden />}
              label={t('invite.emails.remove', { email: chip.value })}
              onClick={() => onChange(chips.filter((other) => other !== chip))}
              background={chip.valid ? 'primary100' : 'danger100'}
              borderColor={chip.valid ? 'primary200' : 'danger600'}
              color={chip.valid ? 'primary700' : 'danger700'}
              data-valid={chip.valid}
            >
              {chip.value}
            </Tag>
          ))}
          <input
            aria-label={t('invite.emails')}
            value={draft}
            placeholder={chips.length === 0 ? t('invite.emails.placeholder') : ''}
            style={{
              flex: 1,
              minWidth: '16rem',
              border: 'none',
              outline: 'none',
              font: 'inherit',
              padding: '4px',
              background: 'transparent',
              color: 'inherit',
            }}
            onChange={(e) => {
              const value = e.target.value;
              // A separator typed at the end closes the address being typed.
              if (/[\s,;]$/.test(value)) commit(value);
              else setDraft(value);
            }}
            onPaste={(e) => {
              e.preventDefault();
              commit(draft + e.clipboardData.getData('text'));
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                commit(draft);
              } else if (e.key === 'Backspace' && draft === '' && chips.length > 0) {
                onChange(chips.slice(0, -1));
              }
            }}
            onBlur={() => commit(draft)}
          />
        </Flex>
      </Box>
      <Field.Hint />
      <Field.Error />
      {chips.length > 0 && (
        <Typography variant="pi" textColor="neutral600">
          {t('invite.emails.count', { count: chips.length })}
        </Typography>
      )}
    </Field.Root>
  );
};
