import { useState } from 'react';
import { Badge, Box, Button, Flex, IconButton, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { Pencil, Plus } from '@strapi/icons';
import { useOrganizationList } from '../../api/organizations';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import { configuredLabel, useT } from '../../hooks/useT';
import type { FormOptions } from '../../types';
import { PaginationFooter } from '../common/PaginationFooter';
import { TableHeader } from '../common/TableHeader';
import { SearchField } from '../common/SearchField';
import { EmptyState, ResourceView } from '../common/StateViews';
import { OrganizationModal } from './OrganizationModal';

/** Organizations with their domains, limits and onboarding; a row opens its details, members and approvals. */
export const OrganizationsTab = ({
  options,
  canManageJoinLinks,
}: {
  options: FormOptions;
  canManageJoinLinks: boolean;
}) => {
  const t = useT();
  const [search, setSearch] = useState('');
  const debounced = useDebouncedValue(search.trim());
  const [page, setPage] = useState(1);
  // `null`: closed; `''`: creating; otherwise the organization being edited.
  const [editing, setEditing] = useState<string | null>(null);

  const list = useOrganizationList({ page, pageSize: 20, search: debounced }, t('organizations.loadFailed'));
  const rows = list.data?.results ?? [];

  return (
    <Box>
      <Flex gap={4} paddingBottom={4} justifyContent="space-between">
        <SearchField
          label={t('organizations.search')}
          value={search}
          onChange={(value) => {
            setSearch(value);
            setPage(1);
          }}
        />
        <Button startIcon={<Plus />} onClick={() => setEditing('')}>
          {t('organizations.create')}
        </Button>
      </Flex>
      <ResourceView
        resource={list}
        loadingLabel={t('organizations.loading')}
        isEmpty={rows.length === 0}
        empty={
          <EmptyState
            message={debounced ? t('organizations.emptyFiltered') : t('organizations.empty')}
            action={
              debounced ? undefined : (
                <Button variant="secondary" startIcon={<Plus />} onClick={() => setEditing('')}>
                  {t('organizations.create')}
                </Button>
              )
            }
          />
        }
      >
        <Table colCount={7} rowCount={rows.length + 1}>
          <TableHeader
            columns={['name', 'allowedDomains', 'teams', 'pendingLimit', 'onboarding', 'defaultRole'].map((column) =>
              t(`organizations.${column}`)
            )}
            actionsLabel={t('table.actions')}
          />
          <Tbody>
            {rows.map((org) => (
              <Tr key={org.documentId} data-organization={org.slug}>
                <Td>
                  <Flex direction="column" alignItems="flex-start">
                    <Flex gap={2}>
                      <Typography fontWeight="semiBold">{org.name}</Typography>
                      {org.isPartner && <Badge>{t('organizations.partner')}</Badge>}
                    </Flex>
                    <Typography variant="pi" textColor="neutral600">
                      {org.slug}
                    </Typography>
                  </Flex>
                </Td>
                <Td>
                  <Typography>
                    {org.allowedDomains?.length ? org.allowedDomains.join(', ') : t('organizations.anyDomain')}
                  </Typography>
                </Td>
                <Td>
                  <Typography>{org.teams?.length ? org.teams.map((team) => team.name).join(', ') : '—'}</Typography>
                </Td>
                <Td>
                  <Typography>{org.pendingLimit ?? t('organizations.noLimit')}</Typography>
                </Td>
                <Td>
                  <Badge variant={org.onboarding === 'approval' ? 'warning' : 'neutral'}>
                    {t(`organizations.onboarding.${org.onboarding}`)}
                  </Badge>
                </Td>
                <Td>
                  <Typography>
                    {org.defaultRole ? configuredLabel(t, 'role', org.defaultRole) : t('organizations.portalDefault')}
                  </Typography>
                </Td>
                <Td>
                  <IconButton
                    label={t('organizations.edit', { name: org.name })}
                    variant="ghost"
                    onClick={() => setEditing(org.documentId)}
                  >
                    <Pencil />
                  </IconButton>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
        {list.data && (
          <PaginationFooter pagination={list.data.pagination} onPage={setPage} noun={t('organizations.noun')} />
        )}
      </ResourceView>
      {editing !== null && (
        <OrganizationModal
          documentId={editing || null}
          options={options}
          canManageJoinLinks={canManageJoinLinks}
          onClose={() => setEditing(null)}
          onSaved={(documentId) => {
            setEditing(documentId);
            list.reload();
          }}
        />
      )}
    </Box>
  );
};
