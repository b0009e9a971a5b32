import { Box, Flex, Modal, Tabs, Typography } from '@strapi/design-system';

import { useOrganization } from '../../api/organizations';
import { JoinLinksTab } from '../join-links/JoinLinksTab';
import { MembersList } from './MembersList';
import { OrganizationForm } from './OrganizationForm';
import { TeamsEditor } from './TeamsEditor';
import { FieldAnswers } from '../fields/FieldAnswers';
import { useT } from '../../hooks/useT';
import type { FormOptions } from '../../types';

import { ErrorState, LoadingState } from '../common/StateViews';

interface OrganizationModalProps {
  /** null creates a new organization. */
  documentId: string | null;
  options: FormOptions;
  /** Shows the organization's join links (admins with join-links.manage). */
  canManageJoinLinks: boolean;
  onClose: () => void;
  onSaved: (documentId: string) => void;
}

export const OrganizationModal = ({
  documentId,
  options,
  canManageJoinLinks,
  onClose,
  onSaved,
}: OrganizationModalProps) => {
  const t = useT();
  const organization = useOrganization(documentId, t('organizations.loadFailed'));
  const org = organization.data?.data ?? null;

  return (
    <Modal.Root open onOpenChange={(open: boolean) => !open && onClose()}>
      <Modal.Content style={{ width: 'min(96rem, 95vw)' }}>
        <Modal.Header closeLabel={t('common.close')}>
          <Modal.Title>
            {documentId ? (org?.name ?? t('organizations.loading')) : t('organizations.create')}
          </Modal.Title>
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
                {canManageJoinLinks && (
                  <Tabs.Trigger value="join-links">{t('organizations.tab.joinLinks')}</Tabs.Trigger>
                )}
              </Tabs.List>
              <Box paddingTop={4}>
                <Tabs.Content value="details">
                  {Object.keys(org.application ?? {}).some((key) => key !== 'partnerName') && (
                    <Flex
                      direction="column"
                      alignItems="flex-start"
                      gap={1}
                      paddingBottom={4}
                      aria-label={t('organizations.application')}
                      role="group"
                    >
                      <Typography variant="sigma" textColor="neutral600">
                        {t('organizations.application')}
                      </Typography>
                      <FieldAnswers
                        values={org.application}
                        definitions={options.fields.application}
                        omit={['partnerName']}
                      />
                    </Flex>
                  )}
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
                {canManageJoinLinks && (
                  <Tabs.Content value="join-links">
                    <JoinLinksTab
                      options={options}
                      organization={{
                        documentId: org.documentId,
                        name: org.name,
                        slug: org.slug,
                        allowedDomains: org.allowedDomains ?? [],
                        teams: org.teams ?? [],
                      }}
                    />
                  </Tabs.Content>
                )}
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
