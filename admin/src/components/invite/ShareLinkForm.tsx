import { useState } from 'react';
import {
  Badge,
  Box,
  Button,
  Field,
  Flex,
  Grid,
  IconButton,
  MultiSelect,
  MultiSelectOption,
  Table,
  Tbody,
  Td,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Link as LinkIcon, PaperPlane } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
// The server's own field rules: what the dialog refuses is exactly what the API refuses.
import { checkFieldValues } from '../../../../server/src/services/fields/rules';
import { normalizeEmail } from '../../../../server/src/utils/emails';
import { errorMessage, fieldErrors } from '../../api/client';
import { useInvitationActions } from '../../api/invitations';
import { useCopyInvitationLink } from '../../hooks/useCopyInvitationLink';
import { configuredLabel, useT } from '../../hooks/useT';
import type { FormOptions, InviteOutcome, InviteResultCode, OrganizationChoice } from '../../types';
import { FormCell, SelectField, TextField } from '../common/FormFields';
import { FieldInput, type FieldDraftValue } from '../fields/FieldInput';
import { OrganizationCombobox } from '../common/OrganizationCombobox';
import { TableHeader } from '../common/TableHeader';
import { CampaignLink } from '../join-links/CampaignLink';
import { EmailChipsInput, type EmailChip } from './EmailChipsInput';

const RESULT_BADGE: Record<InviteResultCode, 'success' | 'warning' | 'danger' | 'neutral'> = {
  created: 'success',
  duplicate: 'neutral',
  already_invited: 'warning',
  already_member: 'warning',
  domain_not_allowed: 'danger',
  invalid_email: 'danger',
  limit_reached: 'danger',
};

interface ShareLinkFormProps {
  options: FormOptions;
  /** The partner campaign's join link above the form (admins with join-links.manage). */
  showCampaignLink: boolean;
  onInvited: () => void;
  onClose: () => void;
}

/** The invitation field a server error points at: `customFields.companySize` → `companySize`. */
const CUSTOM_FIELD_PATH = /^customFields\.(.+)$/;

/**
 * "Share a Link": invite typed or pasted addresses with a role (one for all, or one per address),
 * organization, teams, names and the invitation fields the portal defines.
 */
export const ShareLinkForm = ({ options, showCampaignLink, onInvited, onClose }: ShareLinkFormProps) => {
  const t = useT();
  const { invite } = useInvitationActions();
  const copyLink = useCopyInvitationLink();
  const { toggleNotification } = useNotification();
  const [chips, setChips] = useState<EmailChip[]>([]);
  const [role, setRole] = useState(options.defaultRole);
  const [org, setOrg] = useState<OrganizationChoice | null>(null);
  const [teams, setTeams] = useState<string[]>([]);
  const [names, setNames] = useState({ partnerName: '', firstName: '', lastName: '' });
  // A role picked for one address, by its normalized address; the others take `role`.
  const [roleOf, setRoleOf] = useState<Record<string, string>>({});
  const [fieldValues, setFieldValues] = useState<Record<string, FieldDraftValue>>({});
  const [fieldProblems, setFieldProblems] = useState<Record<string, string>>({});
  const definitions = options.fields.invitation;
  const roleChoices = options.roles.map((value) => ({ value, label: configuredLabel(t, 'role', value) }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcomes, setOutcomes] = useState<InviteOutcome[] | null>(null);

  const invalid = chips.some((chip) => !chip.valid);

  const send = async () => {
    if (chips.length === 0) {
      setError(t('invite.emails.required'));
      return;
    }
    if (invalid) return;
    const checked = checkFieldValues(definitions, fieldValues);
    setFieldProblems(Object.fromEntries(checked.problems.map((problem) => [problem.key, problem.message])));
    if (checked.problems.length > 0) return;
    setBusy(true);
    setError(null);
    try {
      const data = await invite({
        emails: chips.map((chip) => {
          const own = roleOf[normalizeEmail(chip.value)];
          return own ? { email: chip.value, role: own } : chip.value;
        }),
        role,
        ...(org ? { organization: org.documentId, teams } : {}),
        ...Object.fromEntries(Object.entries(names).filter(([, value]) => value.trim() !== '')),
        ...(Object.keys(checked.values).length > 0 ? { customFields: checked.values } : {}),
      });
      setOutcomes(data.results);
      const created = data.summary.created ?? 0;
      toggleNotification({
        type: created > 0 ? 'success' : 'warning',
        message: t('invite.sent', { created, total: data.results.length }),
      });
      if (created > 0) onInvited();
    } catch (failure) {
      const byField = Object.entries(fieldErrors(failure)).flatMap(([path, message]) => {
        const key = CUSTOM_FIELD_PATH.exec(path)?.[1];
        return key ? [[key, message]] : [];
      });
      setFieldProblems(Object.fromEntries(byField));
      setError(errorMessage(failure, t('invite.failed')));
    } finally {
      setBusy(false);
    }
  };

  if (outcomes) {
    return (
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Typography variant="delta" tag="h3">
          {t('invite.results')}
        </Typography>
        <Table colCount={3} rowCount={outcomes.length + 1}>
          <TableHeader columns={[t('table.email'), t('invite.result'), t('invite.details')]} />
          <Tbody>
            {outcomes.map((outcome) => (
              <Tr key={outcome.input} data-result={outcome.result}>
                <Td>
                  <Typography>{outcome.input}</Typography>
                </Td>
                <Td>
                  <Badge variant={RESULT_BADGE[outcome.result]}>{t(`result.${outcome.result}`)}</Badge>
                </Td>
                <Td>
                  <Flex gap={2} justifyContent="space-between">
                    <Typography variant="pi" textColor="neutral600">
                      {outcome.message}
                    </Typography>
                    {outcome.invitation && (
                      <IconButton
                        label={t('invites.copyLink', { email: outcome.email })}
                        variant="ghost"
                        onClick={() => copyLink(outcome.invitation!)}
                      >
                        <LinkIcon />
                      </IconButton>
                    )}
                  </Flex>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
        <Flex justifyContent="space-between">
          <Button
            variant="secondary"
            onClick={() => {
              setOutcomes(null);
              setChips([]);
            }}
          >
            {t('invite.more')}
          </Button>
          <Button onClick={onClose}>{t('common.done')}</Button>
        </Flex>
      </Flex>
    );
  }

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      {showCampaignLink && <CampaignLink options={options} />}
      <EmailChipsInput
        chips={chips}
        onChange={(next) => {
          setChips(next);
          setError(null);
        }}
        error={error ?? undefined}
      />
      <Grid.Root gap={4}>
        <FormCell>
          <SelectField label={t('invite.role')} name="role" value={role} onChange={setRole} options={roleChoices} />
        </FormCell>
        {chips.some((chip) => chip.valid) && options.roles.length > 1 && (
          <Grid.Item col={12} direction="column" alignItems="stretch">
            <Typography variant="pi" fontWeight="bold">
              {t('invite.roles')}
            </Typography>
            <Typography variant="pi" textColor="neutral600">
              {t('invite.roles.hint')}
            </Typography>
            <Box paddingTop={2}>
              <Grid.Root gap={2} data-testid="role-per-address">
                {chips
                  .filter((chip) => chip.valid)
                  .map((chip) => {
                    const key = normalizeEmail(chip.value);
                    return (
                      <FormCell key={key} col={4}>
                        <SelectField
                          label={chip.value}
                          name={`role-of-${key}`}
                          value={roleOf[key] ?? ''}
                          onChange={(picked) => setRoleOf({ ...roleOf, [key]: picked })}
                          options={[
                            { value: '', label: t('invite.roles.batch', { role: configuredLabel(t, 'role', role) }) },
                            ...roleChoices,
                          ]}
                        />
                      </FormCell>
                    );
                  })}
              </Grid.Root>
            </Box>
          </Grid.Item>
        )}
        <FormCell>
          <OrganizationCombobox
            label={t('invite.organization')}
            name="organization"
            placeholder={t('invite.organization.none')}
            value={org}
            hint={
              org?.allowedDomains.length
                ? t('invite.organization.domains', { domains: org.allowedDomains.join(', ') })
                : undefined
            }
            onChange={(picked) => {
              setOrg(picked);
              setTeams([]);
            }}
          />
        </FormCell>
        <FormCell>
          <Field.Root name="teams" hint={org ? undefined : t('invite.teams.needOrganization')}>
            <Field.Label>{t('invite.teams')}</Field.Label>
            <MultiSelect
              value={teams}
              onChange={setTeams}
              disabled={!org || org.teams.length === 0}
              placeholder={org && org.teams.length === 0 ? t('invite.teams.none') : undefined}
              withTags
            >
              {(org?.teams ?? []).map((team) => (
                <MultiSelectOption key={team.documentId} value={team.documentId}>
                  {team.name}
                </MultiSelectOption>
              ))}
            </MultiSelect>
            <Field.Hint />
          </Field.Root>
        </FormCell>
        <FormCell>
          <TextField
            name="partnerName"
            label={t('invite.partnerName')}
            hint={org ? t('invite.partnerName.withOrganization') : t('invite.partnerName.hint')}
            value={names.partnerName}
            disabled={Boolean(org)}
            onChange={(partnerName) => setNames({ ...names, partnerName })}
          />
        </FormCell>
        {(['firstName', 'lastName'] as const).map((field) => (
          <FormCell key={field}>
            <TextField
              name={field}
              label={t(`invite.${field}`)}
              value={names[field]}
              onChange={(value) => setNames({ ...names, [field]: value })}
            />
          </FormCell>
        ))}
        {definitions.map((definition) => (
          <FormCell key={definition.key}>
            <FieldInput
              definition={definition}
              value={fieldValues[definition.key]}
              error={fieldProblems[definition.key]}
              onChange={(value) => {
                setFieldValues({ ...fieldValues, [definition.key]: value });
                setFieldProblems({ ...fieldProblems, [definition.key]: '' });
              }}
            />
          </FormCell>
        ))}
      </Grid.Root>
      <Box>
        <Typography variant="pi" textColor="neutral600">
          {t('invite.expiry', { hours: options.expiresInHours })}
        </Typography>
      </Box>
      <Flex justifyContent="flex-end" gap={2}>
        <Button variant="tertiary" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button startIcon={<PaperPlane />} loading={busy} disabled={invalid} onClick={send}>
          {t('invite.send', { count: chips.length })}
        </Button>
      </Flex>
    </Flex>
  );
};
