import { useState } from 'react';
import { Combobox, ComboboxOption, Field } from '@strapi/design-system';
import { useOrganizationChoices } from '../../api/organizations';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import { useT } from '../../hooks/useT';
import type { OrganizationChoice } from '../../types';

const PAGE = 20;

interface OrganizationComboboxProps {
  label: string;
  name: string;
  value: OrganizationChoice | null;
  onChange: (organization: OrganizationChoice | null) => void;
  /** What an empty value means here ("No organization", "All organizations"). */
  placeholder: string;
  hint?: string;
}

/**
 * Picks one organization by typing part of its name or slug. The server searches (GET
 * /organization-choices), so a portal with thousands of partner organizations can pick any of them;
 * the list shows the first matches by name and says when typing more would narrow it.
 */
export const OrganizationCombobox = ({
  label,
  name,
  value,
  onChange,
  placeholder,
  hint,
}: OrganizationComboboxProps) => {
  const t = useT();
  const [text, setText] = useState(value?.name ?? '');
  // Typing filters on the server; the text of the picked organization is not a search.
  const search = useDebouncedValue(text === value?.name ? '' : text.trim());
  const choices = useOrganizationChoices({ search, limit: PAGE }, t('organizations.loadFailed'));
  const results = choices.data?.results ?? [];
  // The picked organization stays an option while a search shows others, so the input can show it.
  const options = value && !results.some((org) => org.documentId === value.documentId) ? [value, ...results] : results;
  // Names need not be unique (slugs are): two organizations of one name are told apart by slug.
  const repeated = new Set(
    options.map((org) => org.name).filter((name, index, names) => names.indexOf(name) !== index)
  );

  return (
    <Field.Root
      name={name}
      hint={choices.error ?? (choices.data?.more ? t('organizations.picker.more', { count: PAGE }) : hint)}
    >
      <Field.Label>{label}</Field.Label>
      <Combobox
        placeholder={placeholder}
        value={value?.documentId ?? ''}
        textValue={text}
        onTextValueChange={setText}
        onChange={(documentId?: string) => {
          const picked = options.find((org) => org.documentId === documentId) ?? null;
          onChange(picked);
          setText(picked?.name ?? '');
        }}
        onClear={() => {
          onChange(null);
          setText('');
        }}
        clearLabel={t('organizations.picker.clear')}
        // The server already filtered by name and slug; filtering again on the name would hide slug matches.
        autocomplete="none"
        loading={choices.loading}
        loadingMessage={t('organizations.loading')}
        noOptionsMessage={(typed: string) => t('organizations.picker.none', { search: typed })}
      >
        {options.map((org) => (
          <ComboboxOption key={org.documentId} value={org.documentId} textValue={org.name}>
            {repeated.has(org.name) ? `${org.name} (${org.slug})` : org.name}
          </ComboboxOption>
        ))}
      </Combobox>
      <Field.Hint />
    </Field.Root>
  );
};
