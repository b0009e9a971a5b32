import { useEffect, useState } from 'react';
import { Box, Button, Field, Flex, Grid, Textarea, Typography } from '@strapi/design-system';
import { ArrowClockwise, Check, Eye } from '@strapi/icons';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { FormCell, NumberField, SelectField, TextField } from '../components/common/FormFields';
import {
  FieldDefinitionsEditor,
  definitionDraftOf,
  definitionOf,
  type FieldDefinitionDraft,
} from '../components/fields/FieldDefinitionsEditor';
import { ErrorBanner, ErrorState } from '../components/common/StateViews';
import { errorMessage, fieldErrors } from '../api/client';
import { useSettings, useSettingsActions } from '../api/settings';
import { configuredLabel, useT } from '../hooks/useT';
import { PERMISSIONS } from '../permissions';
import type { MessagePreview, Settings } from '../types';

const MB = 1_048_576;
const list = (value: string) =>
  value
    .split(/[\s,;]+/)
    .map((item) => item.trim())
    .filter(Boolean);

interface Draft extends Omit<Settings, 'roles' | 'revokeReasons' | 'fields'> {
  /** Edited as comma-separated text, sent as lists. */
  roles: string;
  revokeReasons: string;
  fields: Record<FieldKind, FieldDefinitionDraft[]>;
}

type FieldKind = keyof Settings['fields'];
const FIELD_KINDS: FieldKind[] = ['invitation', 'application'];

const draftOf = (settings: Settings): Draft => ({
  ...settings,
  roles: settings.roles.join(', '),
  revokeReasons: settings.revokeReasons.join(', '),
  fields: {
    invitation: settings.fields.invitation.map(definitionDraftOf),
    application: settings.fields.application.map(definitionDraftOf),
  },
});

/** Settings → Invitations: expiry, roles, reasons, accept URL, email templates with a preview, import limits. */
const SettingsForm = () => {
  const t = useT();
  const actions = useSettingsActions();
  const { toggleNotification } = useNotification();
  const settings = useSettings(t('settings.loadFailed'));
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [preview, setPreview] = useState<MessagePreview | null>(null);
  const [previewing, setPreviewing] = useState(false);

  useEffect(() => {
    if (settings.data) setDraft(draftOf(settings.data.data));
  }, [settings.data]);

  if (settings.loading && !draft) return <Page.Loading />;
  if (!draft || !settings.data)
    return <ErrorState message={settings.error ?? t('settings.loadFailed')} onRetry={settings.reload} />;

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft({ ...draft, [key]: value });
    setErrors((current) => ({ ...current, [key]: '' }));
  };
  const setTemplate = (key: keyof Settings['templates'], value: string) =>
    set('templates', { ...draft.templates, [key]: value });
  const roles = list(draft.roles);

  const save = async () => {
    setSaving(true);
    setError(null);
    setErrors({});
    try {
      setDraft(
        draftOf(
          await actions.save({
            ...draft,
            roles,
            revokeReasons: list(draft.revokeReasons),
            fields: {
              invitation: draft.fields.invitation.map(definitionOf),
              application: draft.fields.application.map(definitionOf),
            },
          })
        )
      );
      toggleNotification({ type: 'success', message: t('settings.saved') });
    } catch (failure) {
      setErrors(fieldErrors(failure));
      setError(errorMessage(failure, t('settings.saveFailed')));
    } finally {
      setSaving(false);
    }
  };

  const showPreview = async () => {
    setPreviewing(true);
    try {
      setPreview(
        await actions.preview({ templates: draft.templates, portalName: draft.portalName, acceptUrl: draft.acceptUrl })
      );
    } catch (failure) {
      toggleNotification({ type: 'danger', message: errorMessage(failure, t('settings.previewFailed')) });
    } finally {
      setPreviewing(false);
    }
  };

  const textField = (key: 'acceptUrl' | 'portalName' | 'roles' | 'revokeReasons', hint: string) => (
    <TextField
      name={key}
      label={t(`settings.${key}`)}
      hint={hint}
      error={errors[key]}
      required
      value={draft[key]}
      onChange={(value) => set(key, value)}
    />
  );

  const section = (title: string, children: React.ReactNode) => (
    <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Typography variant="delta" tag="h2">
          {title}
        </Typography>
        {children}
      </Flex>
    </Box>
  );

  return (
    <Layouts.Root>
      <Page.Title>{t('settings.title')}</Page.Title>
      <Layouts.Header
        title={t('settings.title')}
        subtitle={t('settings.subtitle')}
        primaryAction={
          <Button startIcon={<Check />} loading={saving} onClick={save}>
            {t('common.save')}
          </Button>
        }
        secondaryAction={
          <Button
            variant="tertiary"
            startIcon={<ArrowClockwise />}
            onClick={() => setDraft(draftOf(settings.data!.defaults))}
          >
            {t('settings.reset')}
          </Button>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <ErrorBanner message={error} />
          {section(
            t('settings.section.invitations'),
            <Grid.Root gap={4}>
              <FormCell>{textField('acceptUrl', t('settings.acceptUrl.hint'))}</FormCell>
              <FormCell>{textField('portalName', t('settings.portalName.hint'))}</FormCell>
              <FormCell>
                <NumberField
                  name="expiresInHours"
                  label={t('settings.expiresInHours')}
                  hint={t('settings.expiresInHours.hint')}
                  error={errors.expiresInHours}
                  required
                  value={draft.expiresInHours}
                  onChange={(value) => set('expiresInHours', value ?? 0)}
                />
              </FormCell>
              <FormCell>{textField('roles', t('settings.roles.hint'))}</FormCell>
              <FormCell>
                <SelectField
                  label={t('settings.defaultRole')}
                  name="defaultRole"
                  value={roles.includes(draft.defaultRole) ? draft.defaultRole : ''}
                  error={errors.defaultRole || undefined}
                  onChange={(value) => set('defaultRole', value)}
                  options={roles.map((value) => ({ value, label: configuredLabel(t, 'role', value) }))}
                />
              </FormCell>
              <FormCell>{textField('revokeReasons', t('settings.revokeReasons.hint'))}</FormCell>
            </Grid.Root>
          )}
          {section(
            t('settings.section.email'),
            <Flex direction="column" alignItems="stretch" gap={4}>
              <Typography variant="pi" textColor="neutral600">
                {t('settings.templates.placeholders')}
              </Typography>
              <TextField
                name="templates.subject"
                label={t('settings.templates.subject')}
                error={errors['templates.subject']}
                required
                value={draft.templates.subject}
                onChange={(value) => setTemplate('subject', value)}
              />
              <Grid.Root gap={4}>
                {(['text', 'html'] as const).map((key) => (
                  <FormCell key={key}>
                    <Field.Root name={`templates.${key}`} error={errors[`templates.${key}`] || undefined} required>
                      <Field.Label>{t(`settings.templates.${key}`)}</Field.Label>
                      <Textarea
                        value={draft.templates[key]}
                        rows={12}
                        style={{ fontFamily: 'monospace', minHeight: '24rem' }}
                        onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setTemplate(key, e.target.value)}
                      />
                      <Field.Error />
                    </Field.Root>
                  </FormCell>
                ))}
              </Grid.Root>
              <Flex justifyContent="flex-end">
                <Button variant="secondary" startIcon={<Eye />} loading={previewing} onClick={showPreview}>
                  {t('settings.preview')}
                </Button>
              </Flex>
              {preview && (
                <Box padding={4} background="neutral100" hasRadius data-testid="template-preview">
                  <Flex direction="column" alignItems="stretch" gap={3}>
                    <Typography variant="omega" fontWeight="bold">
                      {t('settings.preview.subject', { subject: preview.subject })}
                    </Typography>
                    {/* Sandboxed: the template is HTML the admin wrote, shown as the mail would look. */}
                    <iframe
                      title={t('settings.preview')}
                      sandbox=""
                      srcDoc={preview.html}
                      style={{
                        width: '100%',
                        minHeight: '32rem',
                        border: '1px solid #dcdce4',
                        background: '#fff',
                        borderRadius: '4px',
                      }}
                    />
                    <Typography variant="pi" textColor="neutral600">
                      {t('settings.preview.text')}
                    </Typography>
                    <Box padding={3} background="neutral0" hasRadius>
                      <pre style={{ whiteSpace: 'pre-wrap', margin: 0, fontSize: '1.3rem' }}>{preview.text}</pre>
                    </Box>
                  </Flex>
                </Box>
              )}
            </Flex>
          )}
          {section(
            t('settings.section.fields'),
            <Flex direction="column" alignItems="stretch" gap={6}>
              {FIELD_KINDS.map((kind) => (
                <FieldDefinitionsEditor
                  key={kind}
                  kind={kind}
                  definitions={draft.fields[kind]}
                  onChange={(definitions) => set('fields', { ...draft.fields, [kind]: definitions })}
                />
              ))}
            </Flex>
          )}
          {section(
            t('settings.section.import'),
            <Grid.Root gap={4}>
              <FormCell>
                <NumberField
                  name="importLimits.maxRows"
                  label={t('settings.import.maxRows')}
                  hint={t('settings.import.maxRows.hint')}
                  error={errors['importLimits.maxRows']}
                  value={draft.importLimits.maxRows}
                  onChange={(value) => set('importLimits', { ...draft.importLimits, maxRows: value ?? 0 })}
                />
              </FormCell>
              <FormCell>
                <NumberField
                  name="importLimits.maxBytes"
                  label={t('settings.import.maxMegabytes')}
                  hint={t('settings.import.maxMegabytes.hint')}
                  error={errors['importLimits.maxBytes']}
                  step={0.5}
                  value={Math.round((draft.importLimits.maxBytes / MB) * 100) / 100}
                  onChange={(value) =>
                    set('importLimits', { ...draft.importLimits, maxBytes: Math.round((value ?? 0) * MB) })
                  }
                />
              </FormCell>
            </Grid.Root>
          )}
        </Flex>
      </Layouts.Content>
    </Layouts.Root>
  );
};

const SettingsPage = () => (
  <Page.Protect permissions={PERMISSIONS.settings}>
    <SettingsForm />
  </Page.Protect>
);

export default SettingsPage;
