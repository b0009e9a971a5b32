import { useState } from 'react';

import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Plus } from '@strapi/icons';

import { errorMessage } from '../../api/client';
import { useOrganizationActions } from '../../api/organizations';
import { useT } from '../../hooks/useT';
import type { Organization } from '../../types';

import { TextField } from '../common/FormFields';

export const TeamsEditor = ({ organization, onChanged }: { organization: Organization; onChanged: () => void }) => {
  const t = useT();
  const { createTeam } = useOrganizationActions();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const add = async () => {
    setBusy(true);
    setError(null);
    try {
      await createTeam(organization.documentId, name);
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
            <Box
              key={team.documentId}
              paddingLeft={3}
              paddingRight={3}
              paddingTop={1}
              paddingBottom={1}
              background="primary100"
              hasRadius
            >
              <Typography textColor="primary700">{team.name}</Typography>
            </Box>
          ))}
        </Flex>
      ) : (
        <Typography textColor="neutral600">{t('organizations.noTeams')}</Typography>
      )}
      <Flex gap={2} alignItems="flex-end">
        <TextField
          name="team"
          label={t('organizations.newTeam')}
          error={error ?? undefined}
          value={name}
          onChange={setName}
        />
        <Button variant="secondary" startIcon={<Plus />} loading={busy} disabled={!name.trim()} onClick={add}>
          {t('organizations.addTeam')}
        </Button>
      </Flex>
    </Flex>
  );
};

/** Active members (role, teams, remove) or pending approvals (approve, reject) of one organization. */
