import { useState } from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Link as LinkIcon, Plus } from '@strapi/icons';
import { useJoinLinkList } from '../../api/join-links';
import { useCopyJoinLink } from '../../hooks/useCopyJoinLink';
import { useT } from '../../hooks/useT';
import type { FormOptions } from '../../types';
import { JoinLinkDialog } from './JoinLinkDialog';

/**
 * The Invite Partners dialog's campaign link (as Channel Program shows it): the newest active
 * partner-program link, to copy into an email campaign sent outside the portal, or a way to create one.
 */
export const CampaignLink = ({ options }: { options: FormOptions }) => {
  const t = useT();
  const copyLink = useCopyJoinLink();
  const [creating, setCreating] = useState(false);
  const list = useJoinLinkList({ page: 1, pageSize: 20, partnerProgram: 'true' }, t('joinLinks.loadFailed'));
  const campaign = list.data?.results.find((link) => link.state === 'active') ?? null;

  return (
    <Box
      padding={4}
      background="primary100"
      hasRadius
      borderColor="primary200"
      role="group"
      aria-label={t('campaign.title')}
    >
      <Flex justifyContent="space-between" gap={4}>
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Typography fontWeight="semiBold">{t('campaign.title')}</Typography>
          <Typography variant="pi" textColor="neutral600">
            {campaign
              ? t('campaign.active', {
                  label: campaign.label,
                  uses: campaign.uses,
                  max: campaign.maxUses ?? '∞',
                })
              : list.loading
                ? t('joinLinks.loading')
                : t('campaign.none')}
          </Typography>
        </Flex>
        {campaign ? (
          <Button variant="secondary" startIcon={<LinkIcon />} onClick={() => copyLink(campaign)}>
            {t('campaign.copy')}
          </Button>
        ) : (
          <Button variant="secondary" startIcon={<Plus />} onClick={() => setCreating(true)} disabled={list.loading}>
            {t('campaign.create')}
          </Button>
        )}
      </Flex>
      {creating && (
        <JoinLinkDialog
          options={options}
          partnerProgram
          onClose={() => setCreating(false)}
          onCreated={() => list.reload()}
        />
      )}
    </Box>
  );
};
