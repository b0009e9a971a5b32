import { useState } from 'react';
import { useIntl } from 'react-intl';
import {
  Box,
  Dialog,
  Flex,
  IconButton,
  Loader,
  MultiSelect,
  MultiSelectOption,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Check, Cross, Trash } from '@strapi/icons';
import { ConfirmDialog, useNotification } from '@strapi/strapi/admin';
import { errorMessage } from '../../api/client';
import { useMemberList, useOrganizationActions, type MemberListMode } from '../../api/organizations';
import { configuredLabel, useT } from '../../hooks/useT';
import type { FormOptions, Member, Organization } from '../../types';
import { PaginationFooter } from '../common/PaginationFooter';
import { FieldAnswers } from '../fields/FieldAnswers';
import { TableHeader } from '../common/TableHeader';
import { EmptyState, ResourceView } from '../common/StateViews';

export const MembersList = ({
  organization,
  options,
  mode,
}: {
  organization: Organization;
  options: FormOptions;
  mode: MemberListMode;
}) => {
  const t = useT();
  const { formatDate } = useIntl();
  const actions = useOrganizationActions();
  const { toggleNotification } = useNotification();
  const [page, setPage] = useState(1);
  const [confirm, setConfirm] = useState<{ member: Member; action: 'remove' | 'reject' } | null>(null);
  const list = useMemberList(organization.documentId, mode, { page, pageSize: 20 }, t('members.loadFailed'));

  const run = async (request: () => Promise<unknown>, success: string) => {
    try {
      await request();
      toggleNotification({ type: 'success', message: success });
      list.reload();
    } catch (failure) {
      toggleNotification({ type: 'danger', message: errorMessage(failure, t('members.failed')) });
    }
  };
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
          columns={[
            t('table.email'),
            t('table.role'),
            mode === 'active' ? t('members.teams') : t('members.requestedAt'),
          ]}
          actionsLabel={t('table.actions')}
        />
        <Tbody>
          {rows.map((member) => (
            <Tr key={member.documentId} data-email={email(member)}>
              <Td>
                <Flex direction="column" alignItems="flex-start">
                  <Typography fontWeight="semiBold">{email(member)}</Typography>
                  {member.joinLink && (
                    <Typography variant="pi" textColor="neutral600">
                      {t('members.viaLink', { label: member.joinLink.label })}
                    </Typography>
                  )}
                  {/* What an applicant filled in when joining (the partner program asks for the company). */}
                  {typeof member.application?.partnerName === 'string' && (
                    <Typography variant="pi">
                      {t('members.application.partnerName', { name: member.application.partnerName })}
                    </Typography>
                  )}
                  <FieldAnswers
                    values={member.application}
                    definitions={options.fields.application}
                    omit={['partnerName']}
                  />
                </Flex>
              </Td>
              <Td>
                {mode === 'active' ? (
                  <Box width="16rem">
                    <SingleSelect
                      aria-label={t('members.roleOf', { email: email(member) })}
                      value={member.role}
                      onChange={(role: string | number) =>
                        run(
                          () =>
                            actions.updateMember(organization.documentId, member.documentId, { role: String(role) }),
                          t('members.updated', { email: email(member) })
                        )
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
                        run(
                          () => actions.updateMember(organization.documentId, member.documentId, { teams }),
                          t('members.updated', { email: email(member) })
                        )
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
                  <Typography>
                    {member.requestedAt ? formatDate(member.requestedAt, { dateStyle: 'medium' }) : '—'}
                  </Typography>
                )}
              </Td>
              <Td>
                <Flex gap={1} justifyContent="flex-end">
                  {mode === 'pending' && (
                    <IconButton
                      label={t('approvals.approve', { email: email(member) })}
                      variant="ghost"
                      onClick={() =>
                        run(
                          () => actions.approve(organization.documentId, member.documentId),
                          t('approvals.approved', { email: email(member) })
                        )
                      }
                    >
                      <Check />
                    </IconButton>
                  )}
                  <IconButton
                    label={
                      mode === 'active'
                        ? t('members.remove', { email: email(member) })
                        : t('approvals.reject', { email: email(member) })
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
                () =>
                  action === 'remove'
                    ? actions.removeMember(organization.documentId, member.documentId)
                    : actions.reject(organization.documentId, member.documentId),
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
