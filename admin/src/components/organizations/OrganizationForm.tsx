import { useEffect, useState } from 'react';

import { Button, Flex, Grid } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { errorMessage, fieldErrors } from '../../api/client';
import { useOrganizationActions } from '../../api/organizations';
import { configuredLabel, useT } from '../../hooks/useT';
import { ONBOARDING_MODES, type Onboarding } from '../../../../shared/contracts';
import type { FormOptions, Organization } from '../../types';

import { FormCell, NumberField, SelectField, TextField } from '../common/FormFields';

import { ErrorBanner } from '../common/StateViews';

/** The organization's default role is the portal's own default. */
const PORTAL_DEFAULT = 'portal-default';

interface OrganizationDraft {
  name: string;
  slug: string;
  allowedDomains: string;
  pendingLimit: number | undefined;
  onboarding: Onboarding;
  defaultRole: string;
  expiresInHours: number | undefined;
}

const draftOf = (org: Organization | null): OrganizationDraft => ({
  name: org?.name ?? '',
  slug: org?.slug ?? '',
  allowedDomains: (org?.allowedDomains ?? []).join(', '),
  pendingLimit: org?.pendingLimit ?? undefined,
  onboarding: org?.onboarding ?? 'auto',
  defaultRole: org?.defaultRole ?? PORTAL_DEFAULT,
  expiresInHours: org?.expiresInHours ?? undefined,
});

/** Create or edit an organization; the server's per-field messages land under their fields. */
export const OrganizationForm = ({
  organization,
  options,
  onSaved,
}: {
  organization: Organization | null;
  options: FormOptions;
  onSaved: (org: Organization) => void;
}) => {
  const t = useT();
  const { save: saveOrganization } = useOrganizationActions();
  const { toggleNotification } = useNotification();
  const [draft, setDraft] = useState<OrganizationDraft>(() => draftOf(organization));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => setDraft(draftOf(organization)), [organization]);

  const set = <K extends keyof OrganizationDraft>(key: K, value: OrganizationDraft[K]) => {
    setDraft((current) => ({ ...current, [key]: value }));
    setErrors((current) => ({ ...current, [key]: '' }));
  };

  const save = async () => {
    setBusy(true);
    setError(null);
    setErrors({});
    const body = {
      name: draft.name,
      ...(draft.slug.trim() ? { slug: draft.slug.trim() } : {}),
      allowedDomains: draft.allowedDomains.split(/[\s,;]+/).filter(Boolean),
      pendingLimit: draft.pendingLimit ?? null,
      onboarding: draft.onboarding,
      defaultRole: draft.defaultRole === PORTAL_DEFAULT ? null : draft.defaultRole,
      expiresInHours: draft.expiresInHours ?? null,
    };
    try {
      const saved = await saveOrganization(organization?.documentId ?? null, body);
      toggleNotification({ type: 'success', message: t('organizations.saved', { name: saved.name }) });
      onSaved(saved);
    } catch (failure) {
      setErrors(fieldErrors(failure));
      setError(errorMessage(failure, t('organizations.saveFailed')));
    } finally {
      setBusy(false);
    }
  };

  const text = (key: 'name' | 'slug' | 'allowedDomains', hint?: string) => (
    <TextField
      name={key}
      label={t(`organizations.${key}`)}
      hint={hint}
      error={errors[key]}
      required={key === 'name'}
      value={draft[key]}
      onChange={(value) => set(key, value)}
    />
  );

  const number = (key: 'pendingLimit' | 'expiresInHours', hint: string) => (
    <NumberField
      name={key}
      label={t(`organizations.${key}`)}
      hint={hint}
      error={errors[key]}
      value={draft[key]}
      onChange={(value) => set(key, value)}
    />
  );

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Grid.Root gap={4}>
        <FormCell>{text('name')}</FormCell>
        <FormCell>{text('slug', t('organizations.slug.hint'))}</FormCell>
        <FormCell col={12}>{text('allowedDomains', t('organizations.allowedDomains.hint'))}</FormCell>
        <FormCell>{number('pendingLimit', t('organizations.pendingLimit.hint'))}</FormCell>
        <FormCell>
          {number('expiresInHours', t('organizations.expiresInHours.hint', { hours: options.expiresInHours }))}
        </FormCell>
        <FormCell>
          <SelectField
            label={t('organizations.onboarding')}
            name="onboarding"
            value={draft.onboarding}
            hint={t(`organizations.onboarding.${draft.onboarding}.hint`)}
            onChange={(value) => set('onboarding', value as OrganizationDraft['onboarding'])}
            options={ONBOARDING_MODES.map((value) => ({
              value,
              label: t(`organizations.onboarding.${value}`),
            }))}
          />
        </FormCell>
        <FormCell>
          <SelectField
            label={t('organizations.defaultRole')}
            name="defaultRole"
            value={draft.defaultRole}
            error={errors.defaultRole || undefined}
            onChange={(value) => set('defaultRole', value)}
            options={[
              {
                value: PORTAL_DEFAULT,
                label: t('organizations.portalDefaultRole', { role: configuredLabel(t, 'role', options.defaultRole) }),
              },
              ...options.roles.map((value) => ({ value, label: configuredLabel(t, 'role', value) })),
            ]}
          />
        </FormCell>
      </Grid.Root>
      <ErrorBanner message={error} />
      <Flex justifyContent="flex-end">
        <Button loading={busy} startIcon={<Check />} onClick={save}>
          {organization ? t('common.save') : t('organizations.create')}
        </Button>
      </Flex>
    </Flex>
  );
};

/** Teams of the organization and a box to add one. */
