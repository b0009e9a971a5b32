import { Box, Button, Checkbox, Flex, Grid, IconButton, Typography } from '@strapi/design-system';
import { Plus, Trash } from '@strapi/icons';
import { FIELD_TYPES, type FieldDefinition, type FieldType } from '../../../../shared/contracts';
import { useT } from '../../hooks/useT';
import { FormCell, SelectField, TextField } from '../common/FormFields';

/** A definition as the settings page edits it: its options as one comma-separated text. */
export interface FieldDefinitionDraft extends Omit<FieldDefinition, 'options'> {
  options: string;
}

export const definitionDraftOf = (definition: FieldDefinition): FieldDefinitionDraft => ({
  ...definition,
  help: definition.help ?? '',
  options: (definition.options ?? []).join(', '),
});

/** The draft as the settings route takes it: options only for a select, no empty help. */
export const definitionOf = ({ options, help, ...draft }: FieldDefinitionDraft): FieldDefinition => ({
  ...draft,
  ...(help?.trim() ? { help: help.trim() } : {}),
  ...(draft.type === 'select'
    ? {
        options: options
          .split(',')
          .map((option) => option.trim())
          .filter(Boolean),
      }
    : {}),
});

interface FieldDefinitionsEditorProps {
  kind: 'invitation' | 'application';
  definitions: FieldDefinitionDraft[];
  onChange: (definitions: FieldDefinitionDraft[]) => void;
}

/** Settings → Invitations → Fields: the fields of one kind, each with key, label, type, required, options, help. */
export const FieldDefinitionsEditor = ({ kind, definitions, onChange }: FieldDefinitionsEditorProps) => {
  const t = useT();
  const update = (index: number, patch: Partial<FieldDefinitionDraft>) =>
    onChange(definitions.map((definition, i) => (i === index ? { ...definition, ...patch } : definition)));

  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid={`fields-${kind}`}>
      <Typography variant="omega" fontWeight="bold">
        {t(`settings.fields.${kind}`)}
      </Typography>
      <Typography variant="pi" textColor="neutral600">
        {t(`settings.fields.${kind}.hint`)}
      </Typography>
      {definitions.map((definition, index) => (
        <Box key={index} padding={4} background="neutral100" hasRadius data-testid="field-definition">
          <Grid.Root gap={3}>
            <FormCell col={3}>
              <TextField
                name={`fields.${kind}[${index}].key`}
                label={t('settings.fields.key')}
                hint={t('settings.fields.key.hint')}
                required
                value={definition.key}
                onChange={(key) => update(index, { key })}
              />
            </FormCell>
            <FormCell col={4}>
              <TextField
                name={`fields.${kind}[${index}].label`}
                label={t('settings.fields.label')}
                required
                value={definition.label}
                onChange={(label) => update(index, { label })}
              />
            </FormCell>
            <FormCell col={3}>
              <SelectField
                name={`fields.${kind}[${index}].type`}
                label={t('settings.fields.type')}
                value={definition.type}
                onChange={(type) => update(index, { type: type as FieldType })}
                options={FIELD_TYPES.map((type) => ({ value: type, label: t(`settings.fields.type.${type}`) }))}
              />
            </FormCell>
            <FormCell col={2}>
              <Flex gap={2} paddingTop={6} justifyContent="space-between">
                <Checkbox
                  checked={definition.required}
                  onCheckedChange={(checked: boolean | 'indeterminate') =>
                    update(index, { required: checked === true })
                  }
                >
                  {t('settings.fields.required')}
                </Checkbox>
                <IconButton
                  label={t('settings.fields.remove', { label: definition.label || definition.key })}
                  variant="ghost"
                  onClick={() => onChange(definitions.filter((_, i) => i !== index))}
                >
                  <Trash />
                </IconButton>
              </Flex>
            </FormCell>
            {definition.type === 'select' && (
              <FormCell>
                <TextField
                  name={`fields.${kind}[${index}].options`}
                  label={t('settings.fields.options')}
                  hint={t('settings.fields.options.hint')}
                  required
                  value={definition.options}
                  onChange={(options) => update(index, { options })}
                />
              </FormCell>
            )}
            <FormCell>
              <TextField
                name={`fields.${kind}[${index}].help`}
                label={t('settings.fields.help')}
                value={definition.help ?? ''}
                onChange={(help) => update(index, { help })}
              />
            </FormCell>
          </Grid.Root>
        </Box>
      ))}
      <Box>
        <Button
          variant="secondary"
          startIcon={<Plus />}
          onClick={() =>
            onChange([...definitions, { key: '', label: '', type: 'text', required: false, options: '', help: '' }])
          }
        >
          {t(`settings.fields.add.${kind}`)}
        </Button>
      </Box>
    </Flex>
  );
};
