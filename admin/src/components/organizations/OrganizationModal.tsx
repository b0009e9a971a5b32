import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import {
  Box,
  Button,
  Dialog,
  Flex,
  Grid,
  IconButton,
  Loader,
  Modal,
  MultiSelect,
  MultiSelectOption,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tabs,
  Tbody,
  Td,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Check, Cross, Plus, Trash } from '@strapi/icons';
import { ConfirmDialog, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { apiPath, errorMessage, fieldErrors, useApiGet } from '../../api/client';
import { configuredLabel, useT } from '../../hooks/useT';
import type { FormOptions, ListPage, Member, Organization } from '../../types';
import { PaginationFooter } from '../common/PaginationFooter';
import { FormCell, NumberField, SelectField, TextField } from '../common/FormFields';
import { TableHeader } from '../common/TableHeader';
import { EmptyState, ErrorBanner, ErrorState, LoadingState, ResourceView } from '../common/StateViews';

const PORTAL_DEFAULT = 'portal-default';

interface OrganizationModalProps {
  /** null creates a new organization. */
  documentId: string | null;
  options: FormOptions;
  onClose: () => void;
  onSaved: (documentId: string) => void;
}

export const OrganizationModal = ({ documentId, options, onClose, onSaved }: OrganizationModalProps) => {
  const t = useT();
  const organization = useApiGet<{ data: Organization }>(
    documentId ? `/organizations/${documentId}` : null,
    {},
    t('organizations.loadFailed')
  );
  const org = organization.data?.data ?? null;

  return (
    <Modal.Root open onOpenChange={(open: boolean) => !open && onClose()}>
      <Modal.Content style={{ width: 'min(96rem, 95vw)' }}>
        <Modal.Header closeLabel={t('common.close')}>
          <Modal.Title>{documentId ? org?.name ?? t('organizations.loading') : t('organizations.create')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          {documentId && organization.loading && !org ? (
            <LoadingState label={t('organizations.loading')} />
          ) : documentId && !org ? (
            <ErrorState message={organization.error ?? t('organizations.loadFailed')} onRetry={organization.reload} />
          ) : !org ? (
            <OrganizationForm organization={null} options={options} onSaved={(saved) => onSaved(saved.documentId)} />
          ) : (
            <Tabs.Root defaultValue="details" variant="simple">
              <Tabs.List aria-label={org.name}>
                <Tabs.Trigger value="details">{t('organizations.tab.details')}</Tabs.Trigger>
                <Tabs.Trigger value="members">{t('organizations.tab.members')}</Tabs.Trigger>
                <Tabs.Trigger value="approvals">{t('organizations.tab.approvals')}</Tabs.Trigger>
                <Tabs.Trigger value="teams">{t('organizations.tab.teams')}</Tabs.Trigger>
              </Tabs.List>
              <Box paddingTop={4}>
                <Tabs.Content value="details">
                  <OrganizationForm
                    organization={org}
                    options={options}
                    onSaved={() => {
                      organization.reload();
                      onSaved(org.documentId);
                    }}
                  />
                </Tabs.Content>
                <Tabs.Content value="members">
                  <MembersList organization={org} options={options} mode="active" />
                </Tabs.Content>
                <Tabs.Content value="approvals">
                  <MembersList organization={org} options={options} mode="pending" />
                </Tabs.Content>
                <Tabs.Content value="teams">
                  <TeamsEditor
                    organization={org}
                    onChanged={() => {
                      organization.reload();
                      onSaved(org.documentId);
                    }}
                  />
                </Tabs.Content>
              </Box>
            </Tabs.Root>
          )}
        </Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
};

interface OrganizationDraft {
  name: string;
  slug: string;
  allowedDomains: string;
  pendingLimit: number | undefined;
  onboarding: 'auto' | 'approval';
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
const OrganizationForm = ({
  organization,
  options,
  onSaved,
}: {
  organization: Organization | null;
  options: FormOptions;
  onSaved: (org: Organization) => void;
}) => {
  const t = useT();
  const { post, put } = useFetchClient();
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
      const { data } = organization
        ? await put<{ data: Organization }>(apiPath(`/organizations/${organization.documentId}`), body)
        : await post<{ data: Organization }>(apiPath('/organizations'), body);
      toggleNotification({ type: 'success', message: t('organizations.saved', { name: data.data.name }) });
      onSaved(data.data);
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
        <FormCell>{number('expiresInHours', t('organizations.expiresInHours.hint', { hours: options.expiresInHours }))}</FormCell>
        <FormCell>
          <SelectField
            label={t('organizations.onboarding')}
            name="onboarding"
            value={draft.onboarding}
            hint={t(`organizations.onboarding.${draft.onboarding}.hint`)}
            onChange={(value) => set('onboarding', value as OrganizationDraft['onboarding'])}
            options={(['auto', 'approval'] as const).map((value) => ({ value, label: t(`organizations.onboarding.${value}`) }))}
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
const TeamsEditor = ({ organization, onChanged }: { organization: Organization; onChanged: () => void }) => {
  const t = useT();
  const { post } = useFetchClient();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const add = async () => {
    setBusy(true);
    setError(null);
    try {
      await post(apiPath(`/organizations/${organization.documentId}/teams`), { name });
      setName('');
      onChanged();
    } catch (failure) {
      setError(errorMessage(failure, t('organizations.teamFailed')));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      {organization.teams?.length ? (
        <Flex gap={2} wrap="wrap">
          {organization.teams.map((team) => (
            <Box key={team.documentId} paddingLeft={3} paddingRight={3} paddingTop={1} paddingBottom={1} background="primary100" hasRadius>
              <Typography textColor="primary700">{team.name}</Typography>
            </Box>
          ))}
        </Flex>
      ) : (
        <Typography textColor="neutral600">{t('organizations.noTeams')}</Typography>
      )}
      <Flex gap={2} alignItems="flex-end">
        <TextField name="team" label={t('organizations.newTeam')} error={error ?? undefined} value={name} onChange={setName} />
        <Button variant="secondary" startIcon={<Plus />} loading={busy} disabled={!name.trim()} onClick={add}>
          {t('organizations.addTeam')}
        </Button>
      </Flex>
    </Flex>
  );
};

/** Active members (role, teams, remove) or pending approvals (approve, reject) of one organization. */
const MembersList = ({ organization, options, mode }: { organization: Organization; options: FormOptions; mode: 'active' | 'pending' }) => {
  const t = useT();
  const { formatDate } = useIntl();
  const { put, post, del } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [page, setPage] = useState(1);
  const [confirm, setConfirm] = useState<{ member: Member; action: 'remove' | 'reject' } | null>(null);
  const path = `/organizations/${organization.documentId}/${mode === 'active' ? 'members' : 'approvals'}`;
  const list = useApiGet<ListPage<Member>>(path, { page, pageSize: 20 }, t('members.loadFailed'));

  const run = async (request: () => Promise<unknown>, success: string) => {
    try {
      await request();
      toggleNotification({ type: 'success', message: success });
      list.reload();
    } catch (failure) {
      toggleNotification({ type: 'danger', message: errorMessage(failure, t('members.failed')) });
    }
  };
  const memberPath = (member: Member) =>
    apiPath(`/organizations/${organization.documentId}/${mode === 'active' ? 'members' : 'approvals'}/${member.documentId}`);
  const email = (member: Member) => member.user?.email ?? '—';

  const rows = list.data?.results ?? [];

  return (
    <ResourceView
      resource={list}
      loadingLabel={t('members.loading')}
      isEmpty={rows.length === 0}
      empty={<EmptyState message={mode === 'active' ? t('members.empty') : t('approvals.empty')} />}
    >
      <Table colCount={4} rowCount={rows.length + 1}>
        <TableHeader
          columns={[t('table.email'), t('table.role'), mode === 'active' ? t('members.teams') : t('members.requestedAt')]}
          actionsLabel={t('table.actions')}
        />
        <Tbody>
          {rows.map((member) => (
            <Tr key={member.documentId} data-email={email(member)}>
              <Td>
                <Typography fontWeight="semiBold">{email(member)}</Typography>
              </Td>
              <Td>
                {mode === 'active' ? (
                  <Box width="16rem">
                    <SingleSelect
                      aria-label={t('members.roleOf', { email: email(member) })}
                      value={member.role}
                      onChange={(role: string | number) =>
                        run(() => put(memberPath(member), { role: String(role) }), t('members.updated', { email: email(member) }))
                      }
                    >
                      {options.roles.map((role) => (
                        <SingleSelectOption key={role} value={role}>
                          {configuredLabel(t, 'role', role)}
                        </SingleSelectOption>
                      ))}
                    </SingleSelect>
                  </Box>
                ) : (
                  <Typography>{configuredLabel(t, 'role', member.role)}</Typography>
                )}
              </Td>
              <Td>
                {mode === 'active' ? (
                  <Box width="24rem">
                    <MultiSelect
                      aria-label={t('members.teamsOf', { email: email(member) })}
                      value={member.teams.map((team) => team.documentId)}
                      disabled={!organization.teams?.length}
                      placeholder={organization.teams?.length ? undefined : t('organizations.noTeams')}
                      onChange={(teams: string[]) =>
                        run(() => put(memberPath(member), { teams }), t('members.updated', { email: email(member) }))
                      }
                      withTags
                    >
                      {(organization.teams ?? []).map((team) => (
                        <MultiSelectOption key={team.documentId} value={team.documentId}>
                          {team.name}
                        </MultiSelectOption>
                      ))}
                    </MultiSelect>
                  </Box>
                ) : (
                  <Typography>{member.joinedAt ? formatDate(member.joinedAt, { dateStyle: 'medium' }) : '—'}</Typography>
                )}
              </Td>
              <Td>
                <Flex gap={1} justifyContent="flex-end">
                  {mode === 'pending' && (
                    <IconButton
                      label={t('approvals.approve', { email: email(member) })}
                      variant="ghost"
                      onClick={() => run(() => post(`${memberPath(member)}/approve`), t('approvals.approved', { email: email(member) }))}
                    >
                      <Check />
                    </IconButton>
                  )}
                  <IconButton
                    label={
                      mode === 'active' ? t('members.remove', { email: email(member) }) : t('approvals.reject', { email: email(member) })
                    }
                    variant="ghost"
                    onClick={() => setConfirm({ member, action: mode === 'active' ? 'remove' : 'reject' })}
                  >
                    {mode === 'active' ? <Trash /> : <Cross />}
                  </IconButton>
                </Flex>
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
      {list.data && <PaginationFooter pagination={list.data.pagination} onPage={setPage} noun={t('members.noun')} />}
      {list.loading && <Loader small>{t('members.loading')}</Loader>}
      <Dialog.Root open={confirm !== null} onOpenChange={(open: boolean) => !open && setConfirm(null)}>
        {confirm && (
          <ConfirmDialog
            title={t(`${confirm.action === 'remove' ? 'members' : 'approvals'}.confirmTitle`)}
            onConfirm={() => {
              const { member, action } = confirm;
              setConfirm(null);
              return run(
                () => (action === 'remove' ? del(memberPath(member)) : post(`${memberPath(member)}/reject`, {})),
                t(action === 'remove' ? 'members.removed' : 'approvals.rejected', { email: email(member) })
              );
            }}
          >
            {t(`${confirm.action === 'remove' ? 'members' : 'approvals'}.confirm`, {
              email: email(confirm.member),
              organization: organization.name,
            })}
          </ConfirmDialog>
        )}
      </Dialog.Root>
    </ResourceView>
  );
};
