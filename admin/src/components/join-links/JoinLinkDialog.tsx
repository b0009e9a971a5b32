import { useState } from 'react';
import {
  Button,
  Field,
  Flex,
  Grid,
  Modal,
  MultiSelect,
  MultiSelectOption,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { Link as LinkIcon } from '@strapi/icons';
import { errorMessage, fieldErrors } from '../../api/client';
import { useJoinLinkActions } from '../../api/join-links';
import { useCopyJoinLink } from '../../hooks/useCopyJoinLink';
import { configuredLabel, useT } from '../../hooks/useT';
import type { FormOptions, JoinLinkWithUrl, OrganizationChoice } from '../../types';
import { FormCell, NumberField, SelectField, TextField } from '../common/FormFields';
import { OrganizationCombobox } from '../common/OrganizationCombobox';
import { ErrorBanner } from '../common/StateViews';

/** Lifetimes offered, in hours; '' never expires. */
const EXPIRY_CHOICES = ['168', '720', '2160', ''] as const;

interface JoinLinkDialogProps {
  options: FormOptions;
  /** Creating from an organization's page: the link joins that organization. */
  organization?: OrganizationChoice;
  /** Start as a partner-program link (the Invite Partners dialog's campaign link). */
  partnerProgram?: boolean;
  onClose: () => void;
  onCreated: (created: JoinLinkWithUrl) => void;
}

/** Creates a join link, then shows its URL with a Copy button. */
export const JoinLinkDialog = ({ options, organization, partnerProgram, onClose, onCreated }: JoinLinkDialogProps) => {
  const t = useT();
  const { create } = useJoinLinkActions();
  const copyLink = useCopyJoinLink();
  const [label, setLabel] = useState('');
  const [org, setOrg] = useState<OrganizationChoice | null>(partnerProgram ? null : (organization ?? null));
  const [role, setRole] = useState('');
  const [teams, setTeams] = useState<string[]>([]);
  const [onboarding, setOnboarding] = useState<'' | 'auto' | 'approval'>('');
  const [expiry, setExpiry] = useState<string>('720');
  const [maxUses, setMaxUses] = useState<number | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<JoinLinkWithUrl | null>(null);

  const submit = async () => {
    setBusy(true);
    setError(null);
    setErrors({});
    try {
      const result = await create({
        label: label.trim(),
        organization: org?.documentId,
        role: role || undefined,
        teams: org ? teams : undefined,
        onboarding: onboarding || undefined,
        expiresInHours: expiry ? Number(expiry) : null,
        maxUses: maxUses ?? null,
      });
      setCreated(result);
      onCreated(result);
    } catch (failure) {
      setError(errorMessage(failure, t('joinLinks.createFailed')));
      setErrors(fieldErrors(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal.Root open onOpenChange={(open: boolean) => !open && onClose()}>
      <Modal.Content style={{ width: 'min(72rem, 95vw)' }}>
        <Modal.Header closeLabel={t('common.close')}>
          <Modal.Title>{t('joinLinks.create')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          {created ? (
            <Flex direction="column" alignItems="stretch" gap={4}>
              <Typography>{t('joinLinks.created', { label: created.joinLink.label })}</Typography>
              <Field.Root name="url" hint={t('joinLinks.urlHint')}>
                <Field.Label>{t('joinLinks.url')}</Field.Label>
                <TextInput value={created.url} readOnly />
                <Field.Hint />
              </Field.Root>
            </Flex>
          ) : (
            <Grid.Root gap={4}>
              <FormCell col={12}>
                <TextField
                  name="label"
                  label={t('joinLinks.label')}
                  hint={t('joinLinks.label.hint')}
                  required
                  value={label}
                  error={errors.label}
                  onChange={setLabel}
                />
              </FormCell>
              <FormCell>
                {organization ? (
                  <TextField
                    name="organization"
                    label={t('joinLinks.joins')}
                    value={organization.name}
                    disabled
                    onChange={() => undefined}
                  />
                ) : (
                  <OrganizationCombobox
                    label={t('joinLinks.joins')}
                    name="organization"
                    placeholder={t('joinLinks.partnerProgram.choice')}
                    hint={org ? undefined : t('joinLinks.partnerProgram.hint')}
                    value={org}
                    onChange={(picked) => {
                      setOrg(picked);
                      setTeams([]);
                    }}
                  />
                )}
              </FormCell>
              <FormCell>
                <SelectField
                  name="role"
                  label={t('invite.role')}
                  value={role}
                  error={errors.role}
                  onChange={setRole}
                  options={[
                    {
                      value: '',
                      label: org ? t('joinLinks.role.organizationDefault') : t('joinLinks.role.partnerDefault'),
                    },
                    ...options.roles.map((value) => ({ value, label: configuredLabel(t, 'role', value) })),
                  ]}
                />
              </FormCell>
              {org && org.teams.length > 0 && (
                <FormCell>
                  <Field.Root name="teams">
                    <Field.Label>{t('invite.teams')}</Field.Label>
                    <MultiSelect value={teams} onChange={setTeams} withTags>
                      {org.teams.map((team) => (
                        <MultiSelectOption key={team.documentId} value={team.documentId}>
                          {team.name}
                        </MultiSelectOption>
                      ))}
                    </MultiSelect>
                  </Field.Root>
                </FormCell>
              )}
              <FormCell>
                <SelectField
                  name="onboarding"
                  label={t('organizations.onboarding')}
                  value={onboarding}
                  onChange={(value) => setOnboarding(value as typeof onboarding)}
                  options={[
                    {
                      value: '',
                      label: org ? t('joinLinks.onboarding.organization') : t('joinLinks.onboarding.partnerDefault'),
                    },
                    { value: 'auto', label: t('organizations.onboarding.auto') },
                    { value: 'approval', label: t('organizations.onboarding.approval') },
                  ]}
                />
              </FormCell>
              <FormCell>
                <SelectField
                  name="expiry"
                  label={t('joinLinks.expires')}
                  value={expiry}
                  onChange={setExpiry}
                  options={EXPIRY_CHOICES.map((hours) => ({
                    value: hours,
                    label: hours ? t('joinLinks.expires.days', { days: Number(hours) / 24 }) : t('joinLinks.never'),
                  }))}
                />
              </FormCell>
              <FormCell>
                <NumberField
                  name="maxUses"
                  label={t('joinLinks.maxUses')}
                  hint={t('joinLinks.maxUses.hint')}
                  value={maxUses}
                  error={errors.maxUses}
                  onChange={setMaxUses}
                />
              </FormCell>
              <FormCell col={12}>
                <ErrorBanner message={error} />
              </FormCell>
            </Grid.Root>
          )}
        </Modal.Body>
        <Modal.Footer>
          <Button variant="tertiary" onClick={onClose}>
            {created ? t('common.done') : t('common.cancel')}
          </Button>
          {created ? (
            <Button startIcon={<LinkIcon />} onClick={() => copyLink(created.joinLink, created.url)}>
              {t('joinLinks.copy')}
            </Button>
          ) : (
            <Button loading={busy} disabled={!label.trim()} onClick={submit}>
              {t('joinLinks.create')}
            </Button>
          )}
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
