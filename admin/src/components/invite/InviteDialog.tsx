import { Modal, Tabs } from '@strapi/design-system';
import type { PluginPermissions } from '../../hooks/usePluginPermissions';
import { useT } from '../../hooks/useT';
import type { FormOptions } from '../../types';
import { CsvImportForm } from './CsvImportForm';
import { ShareLinkForm } from './ShareLinkForm';

interface InviteDialogProps {
  open: boolean;
  options: FormOptions;
  permissions: PluginPermissions;
  onClose: () => void;
  onInvited: () => void;
}

/** "Invite Partners": Share a Link (invite) and Import CSV File (import), each shown only with its permission. */
export const InviteDialog = ({ open, options, permissions, onClose, onInvited }: InviteDialogProps) => {
  const t = useT();
  const modes = [
    ...(permissions.invite ? [{ value: 'link', label: t('invite.mode.link') }] : []),
    ...(permissions.import ? [{ value: 'csv', label: t('invite.mode.csv') }] : []),
  ];
  return (
    <Modal.Root open={open} onOpenChange={(next: boolean) => !next && onClose()}>
      <Modal.Content style={{ width: 'min(96rem, 95vw)' }}>
        <Modal.Header closeLabel={t('common.close')}>
          <Modal.Title>{t('invite.title')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          {/* Unmounted on close, so the next opening starts with an empty form. */}
          {open && modes.length > 0 && (
            <Tabs.Root defaultValue={modes[0].value} variant="simple">
              <Tabs.List aria-label={t('invite.title')}>
                {modes.map((mode) => (
                  <Tabs.Trigger key={mode.value} value={mode.value}>
                    {mode.label}
                  </Tabs.Trigger>
                ))}
              </Tabs.List>
              <Tabs.Content value="link">
                <ModeBody>
                  <ShareLinkForm
                    options={options}
                    showCampaignLink={permissions.joinLinksManage}
                    onInvited={onInvited}
                    onClose={onClose}
                  />
                </ModeBody>
              </Tabs.Content>
              <Tabs.Content value="csv">
                <ModeBody>
                  <CsvImportForm options={options} onInvited={onInvited} onClose={onClose} />
                </ModeBody>
              </Tabs.Content>
            </Tabs.Root>
          )}
        </Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
};

// Focus rings and badges poke a few pixels out of the tab panel; without clipping them the modal's
// scroll area grows a horizontal scrollbar that sits over the footer buttons.
const ModeBody = ({ children }: { children: React.ReactNode }) => (
  <div style={{ paddingTop: '1.6rem', paddingInline: '0.4rem', overflowX: 'hidden' }}>{children}</div>
);
