import { useState } from 'react';
import { useIntl } from 'react-intl';
import { Box, Button, Flex, Grid, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useAuditEvents, useAuditExport } from '../../api/audit';
import { errorMessage, saveBlob } from '../../api/client';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import { useT } from '../../hooks/useT';
import type { AuditEvent, FormOptions, OrganizationChoice } from '../../types';
import { OrganizationCombobox } from '../common/OrganizationCombobox';
import { PaginationFooter } from '../common/PaginationFooter';
import { TableHeader } from '../common/TableHeader';
import { FormCell, SelectField, TextField } from '../common/FormFields';
import { EmptyState, ResourceView } from '../common/StateViews';

const ALL = 'all';

interface Filters {
  action: string;
  organization: OrganizationChoice | null;
  actor: string;
  from: string;
  to: string;
}

/** `from`/`to` are days in the admin's time zone; the API takes instants. */
const queryOf = (filters: Filters, actor: string) => ({
  action: filters.action === ALL ? undefined : filters.action,
  organization: filters.organization?.documentId,
  actor: actor || undefined,
  from: filters.from ? new Date(`${filters.from}T00:00:00`).toISOString() : undefined,
  to: filters.to ? new Date(`${filters.to}T23:59:59.999`).toISOString() : undefined,
});

/** A short, readable line from an event's data: who was invited, how many rows, which reason. */
const summarize = (event: AuditEvent): string => {
  const data = event.data ?? {};
  const parts: string[] = [];
  for (const key of [
    'email',
    'name',
    'file',
    'reason',
    'note',
    'role',
    'rows',
    'valid',
    'invalid',
    'created',
    'error',
  ]) {
    const value = data[key];
    if (value !== undefined && value !== null && value !== '')
      parts.push(`${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
  }
  if (Array.isArray(data.changed)) parts.push(`changed: ${data.changed.join(', ')}`);
  return parts.join(' · ') || '—';
};

export const AuditLogTab = ({ options }: { options: FormOptions }) => {
  const t = useT();
  const { formatDate } = useIntl();
  const exportAudit = useAuditExport();
  const { toggleNotification } = useNotification();
  const [filters, setFilters] = useState<Filters>({ action: ALL, organization: null, actor: '', from: '', to: '' });
  const actor = useDebouncedValue(filters.actor.trim());
  const [page, setPage] = useState(1);
  const [exporting, setExporting] = useState(false);

  const query = queryOf(filters, actor);
  const list = useAuditEvents(query, { page, pageSize: 25 }, t('audit.loadFailed'));
  const rows = list.data?.results ?? [];
  const set =
    <K extends keyof Filters>(key: K) =>
    (value: Filters[K]) => {
      setFilters((current) => ({ ...current, [key]: value }));
      setPage(1);
    };

  const exportCsv = async () => {
    setExporting(true);
    try {
      saveBlob(await exportAudit(query), `invitations-audit-${new Date().toISOString().slice(0, 10)}.csv`);
    } catch (failure) {
      toggleNotification({ type: 'danger', message: errorMessage(failure, t('audit.exportFailed')) });
    } finally {
      setExporting(false);
    }
  };

  const dateInput = (key: 'from' | 'to') => (
    <TextField type="date" name={key} label={t(`audit.${key}`)} value={filters[key]} onChange={set(key)} />
  );

  return (
    <Box>
      <Box paddingBottom={4}>
        <Grid.Root gap={4}>
          <FormCell col={3} s={6}>
            <SelectField
              label={t('audit.action')}
              name="action"
              value={filters.action}
              onChange={set('action')}
              options={[
                { value: ALL, label: t('audit.allActions') },
                ...options.auditActions.map((value) => ({ value, label: t(`action.${value}`, undefined, value) })),
              ]}
            />
          </FormCell>
          <FormCell col={3} s={6}>
            <OrganizationCombobox
              label={t('audit.organization')}
              name="organization"
              placeholder={t('audit.allOrganizations')}
              value={filters.organization}
              onChange={set('organization')}
            />
          </FormCell>
          <FormCell col={2} s={6}>
            <TextField
              name="actor"
              label={t('audit.actor')}
              hint={t('audit.actor.hint')}
              value={filters.actor}
              onChange={set('actor')}
            />
          </FormCell>
          <FormCell col={2} s={3}>
            {dateInput('from')}
          </FormCell>
          <FormCell col={2} s={3}>
            {dateInput('to')}
          </FormCell>
        </Grid.Root>
        <Flex justifyContent="flex-end" paddingTop={3}>
          <Button variant="secondary" startIcon={<Download />} loading={exporting} onClick={exportCsv}>
            {t('audit.export')}
          </Button>
        </Flex>
      </Box>
      <ResourceView
        resource={list}
        loadingLabel={t('audit.loading')}
        isEmpty={rows.length === 0}
        empty={<EmptyState message={t('audit.empty')} />}
      >
        <Table colCount={5} rowCount={rows.length + 1}>
          <TableHeader
            columns={['time', 'action', 'actor', 'organization', 'details'].map((column) =>
              t(`audit.column.${column}`)
            )}
          />
          <Tbody>
            {rows.map((event) => (
              <Tr key={event.documentId} data-action={event.action} data-organization={event.organization ?? ''}>
                <Td>
                  <Typography>{formatDate(event.createdAt, { dateStyle: 'medium', timeStyle: 'medium' })}</Typography>
                </Td>
                <Td>
                  <Typography fontWeight="semiBold">{t(`action.${event.action}`, undefined, event.action)}</Typography>
                </Td>
                <Td>
                  <Typography>{event.actorLabel ?? t(`audit.actorType.${event.actorType}`)}</Typography>
                </Td>
                <Td>
                  {/* A deleted organization keeps its id in the log. */}
                  <Typography>{event.organizationName ?? event.organization ?? '—'}</Typography>
                </Td>
                <Td>
                  <Typography variant="pi" textColor="neutral600" style={{ whiteSpace: 'normal' }}>
                    {summarize(event)}
                  </Typography>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
        {list.data && <PaginationFooter pagination={list.data.pagination} onPage={setPage} noun={t('audit.noun')} />}
      </ResourceView>
    </Box>
  );
};
