import { useState } from 'react';
import { Box, Button, Tabs } from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { AuditLogTab } from '../components/audit/AuditLogTab';
import { InvitationsTab } from '../components/invitations/InvitationsTab';
import { InviteDialog } from '../components/invite/InviteDialog';
import { JoinLinksTab } from '../components/join-links/JoinLinksTab';
import { OrganizationsTab } from '../components/organizations/OrganizationsTab';
import { ErrorState } from '../components/common/StateViews';
import { useFormOptions } from '../api/settings';
import { usePluginPermissions } from '../hooks/usePluginPermissions';
import { useT } from '../hooks/useT';

/** "Manage Access": Invites Sent, Organizations, Join Links and Audit Log tabs, and the Invite Partners dialog. */
const ManageAccessPage = () => {
  const t = useT();
  const permissions = usePluginPermissions();
  const options = useFormOptions(t('page.loadFailed'));
  const [inviting, setInviting] = useState(false);
  // Bumped when the dialog created invitations, so Invites Sent shows them.
  const [invitedCount, setInvitedCount] = useState(0);

  if (permissions.isLoading || (options.loading && !options.data)) return <Page.Loading />;

  const canInvite = permissions.invite || permissions.import;
  const formOptions = options.data?.data;
  const tabs = [
    { value: 'invites', label: t('tabs.invites'), allowed: true },
    { value: 'organizations', label: t('tabs.organizations'), allowed: permissions.organizationsManage },
    { value: 'join-links', label: t('tabs.joinLinks'), allowed: permissions.joinLinksManage },
    { value: 'audit', label: t('tabs.audit'), allowed: permissions.auditRead },
  ].filter((tab) => tab.allowed);

  return (
    <Layouts.Root>
      <Page.Title>{t('page.title')}</Page.Title>
      <Layouts.Header
        title={t('page.title')}
        subtitle={t('page.subtitle')}
        primaryAction={
          canInvite && formOptions ? (
            <Button startIcon={<Plus />} onClick={() => setInviting(true)}>
              {t('invite.open')}
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        {!formOptions ? (
          <ErrorState message={options.error ?? t('page.loadFailed')} onRetry={options.reload} />
        ) : (
          <>
            <Tabs.Root defaultValue="invites">
              <Tabs.List aria-label={t('page.title')}>
                {tabs.map((tab) => (
                  <Tabs.Trigger key={tab.value} value={tab.value}>
                    {tab.label}
                  </Tabs.Trigger>
                ))}
              </Tabs.List>
              <Box paddingTop={4}>
                <Tabs.Content value="invites">
                  <InvitationsTab
                    options={formOptions}
                    permissions={permissions}
                    refreshKey={invitedCount}
                    onInvite={() => setInviting(true)}
                  />
                </Tabs.Content>
                {permissions.organizationsManage && (
                  <Tabs.Content value="organizations">
                    <OrganizationsTab options={formOptions} canManageJoinLinks={permissions.joinLinksManage} />
                  </Tabs.Content>
                )}
                {permissions.joinLinksManage && (
                  <Tabs.Content value="join-links">
                    <JoinLinksTab options={formOptions} />
                  </Tabs.Content>
                )}
                {permissions.auditRead && (
                  <Tabs.Content value="audit">
                    <AuditLogTab options={formOptions} />
                  </Tabs.Content>
                )}
              </Box>
            </Tabs.Root>
            <InviteDialog
              open={inviting}
              options={formOptions}
              permissions={permissions}
              onClose={() => setInviting(false)}
              onInvited={() => setInvitedCount((n) => n + 1)}
            />
          </>
        )}
      </Layouts.Content>
    </Layouts.Root>
  );
};

export { ManageAccessPage };
