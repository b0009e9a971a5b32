import { useState } from 'react';
import { useIntl } from 'react-intl';
import { Badge, Box, Button, Dialog, Flex, IconButton, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { ArrowClockwise, Cross, Link as LinkIcon, Plus } from '@strapi/icons';
import { ConfirmDialog, useNotification } from '@strapi/strapi/admin';
import { errorMessage } from '../../api/client';
import { useJoinLinkActions, useJoinLinkList } from '../../api/join-links';
import { useCopyJoinLink } from '../../hooks/useCopyJoinLink';
import { configuredLabel, useT } from '../../hooks/useT';
import type { FormOptions, JoinLink, JoinLinkState, OrganizationChoice } from '../../types';
import { PaginationFooter } from '../common/PaginationFooter';
import { EmptyState, ResourceView } from '../common/StateViews';
import { TableHeader } from '../common/TableHeader';
import { JoinLinkDialog } from './JoinLinkDialog';

const STATE_BADGE: Record<JoinLinkState, 'success' | 'warning' | 'danger' | 'neutral'> = {
  active: 'success',
  exhausted: 'warning',
  expired: 'neutral',
  revoked: 'danger',
};

/**
 * Join links with their uses, expiry and state; copy, rotate (a new URL, the old one dead) and revoke.
 * The Join Links tab shows all of them; an organization's page shows its own (`organization`).
 */
export const JoinLinksTab = ({
  options,
  organization,
}: {
  options: FormOptions;
  organization?: OrganizationChoice;
}) => {
  const t = useT();
  const { formatDate } = useIntl();
  const actions = useJoinLinkActions();
  const copyLink = useCopyJoinLink();
  const { toggleNotification } = useNotification();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<JoinLink | null>(null);
  const list = useJoinLinkList(
    { page, pageSize: 20, organization: organization?.documentId },
    t('joinLinks.loadFailed')
  );
  const rows = list.data?.results ?? [];

  const rotate = async (link: JoinLink) => {
    try {
      const rotated = await actions.rotate(link.documentId);
      await copyLink(rotated.joinLink, rotated.url);
      list.reload();
    } catch (failure) {
      toggleNotification({ type: 'danger', message: errorMessage(failure, t('joinLinks.failed')) });
    }
  };

  const revoke = async (link: JoinLink) => {
    try {
      await actions.revoke(link.documentId);
      toggleNotification({ type: 'success', message: t('joinLinks.revoked', { label: link.label }) });
      list.reload();
    } catch (failure) {
      toggleNotification({ type: 'danger', message: errorMessage(failure, t('joinLinks.failed')) });
    }
  };

  const createButton = (
    <Button startIcon={<Plus />} onClick={() => setCreating(true)}>
      {t('joinLinks.create')}
    </Button>
  );

  return (
    <Box>
      <Flex paddingBottom={4} justifyContent="space-between" gap={4}>
        <Typography variant="pi" textColor="neutral600">
          {t('joinLinks.intro')}
        </Typography>
        {createButton}
      </Flex>
      <ResourceView
        resource={list}
        loadingLabel={t('joinLinks.loading')}
        isEmpty={rows.length === 0}
        empty={<EmptyState message={t('joinLinks.empty')} action={createButton} />}
      >
        <Table colCount={7} rowCount={rows.length + 1}>
          <TableHeader
            columns={['label', 'joins', 'role', 'uses', 'expires', 'state'].map((column) => t(`joinLinks.${column}`))}
            actionsLabel={t('table.actions')}
          />
          <Tbody>
            {rows.map((link) => (
              <Tr key={link.documentId} data-join-link={link.label}>
                <Td>
                  <Flex direction="column" alignItems="flex-start">
                    <Typography fontWeight="semiBold">{link.label}</Typography>
                    {link.createdBy && (
                      <Typography variant="pi" textColor="neutral600">
                        {t('joinLinks.createdBy', { name: link.createdBy.name })}
                      </Typography>
                    )}
                  </Flex>
                </Td>
                <Td>
                  {link.organization ? (
                    <Typography>{link.organization.name}</Typography>
                  ) : (
                    <Badge>{t('joinLinks.partnerProgram')}</Badge>
                  )}
                  {link.onboarding === 'approval' && (
                    <Typography variant="pi" textColor="neutral600">
                      {' '}
                      {t('joinLinks.needsApproval')}
                    </Typography>
                  )}
                </Td>
                <Td>
                  <Typography>{configuredLabel(t, 'role', link.role)}</Typography>
                </Td>
                <Td>
                  <Typography>
                    {link.maxUses === null
                      ? t('joinLinks.usesUnlimited', { uses: link.uses })
                      : t('joinLinks.usesOf', { uses: link.uses, max: link.maxUses })}
                  </Typography>
                </Td>
                <Td>
                  <Typography>
                    {link.expiresAt ? formatDate(link.expiresAt, { dateStyle: 'medium' }) : t('joinLinks.never')}
                  </Typography>
                </Td>
                <Td>
                  <Badge variant={STATE_BADGE[link.state]}>{t(`joinLinks.state.${link.state}`)}</Badge>
                </Td>
                <Td>
                  {link.state === 'active' && (
                    <Flex gap={1} justifyContent="flex-end">
                      <IconButton
                        label={t('joinLinks.copyOf', { label: link.label })}
                        variant="ghost"
                        onClick={() => copyLink(link)}
                      >
                        <LinkIcon />
                      </IconButton>
                      <IconButton
                        label={t('joinLinks.rotateOf', { label: link.label })}
                        variant="ghost"
                        onClick={() => rotate(link)}
                      >
                        <ArrowClockwise />
                      </IconButton>
                      <IconButton
                        label={t('joinLinks.revokeOf', { label: link.label })}
                        variant="ghost"
                        onClick={() => setRevoking(link)}
                      >
                        <Cross />
                      </IconButton>
                    </Flex>
                  )}
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
        {list.data && (
          <PaginationFooter pagination={list.data.pagination} onPage={setPage} noun={t('joinLinks.noun')} />
        )}
      </ResourceView>
      <Dialog.Root open={revoking !== null} onOpenChange={(open: boolean) => !open && setRevoking(null)}>
        {revoking && (
          <ConfirmDialog
            title={t('joinLinks.revokeTitle')}
            onConfirm={() => {
              const link = revoking;
              setRevoking(null);
              return revoke(link);
            }}
          >
            {t('joinLinks.revokeConfirm', { label: revoking.label, uses: revoking.uses })}
          </ConfirmDialog>
        )}
      </Dialog.Root>
      {creating && (
        <JoinLinkDialog
          options={options}
          organization={organization}
          onClose={() => setCreating(false)}
          onCreated={() => list.reload()}
        />
      )}
    </Box>
  );
};
