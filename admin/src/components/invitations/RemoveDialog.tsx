import { useEffect, useState } from 'react';
import { Button, Dialog, Field, Flex, Textarea, Typography } from '@strapi/design-system';
import { Trash } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { errorMessage } from '../../api/client';
import { useInvitationActions } from '../../api/invitations';
import { configuredLabel, useT } from '../../hooks/useT';
import { SelectField } from '../common/FormFields';

export interface RemoveTarget {
  ids: string[];
  /** Shown in the question: one email, or "3 invitations". */
  label: string;
}

interface RemoveDialogProps {
  target: RemoveTarget | null;
  reasons: string[];
  onClose: () => void;
  onRemoved: (count: number) => void;
}

/** Removes (revokes) one invitation or all selected ones with one reason; "other" needs a note. */
export const RemoveDialog = ({ target, reasons, onClose, onRemoved }: RemoveDialogProps) => {
  const t = useT();
  const { revoke } = useInvitationActions();
  const { toggleNotification } = useNotification();
  const [reason, setReason] = useState(reasons[0] ?? 'other');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (target) {
      setReason(reasons[0] ?? 'other');
      setNote('');
      setError(null);
    }
  }, [target, reasons]);

  const noteMissing = reason === 'other' && note.trim() === '';

  const submit = async () => {
    if (!target) return;
    if (noteMissing) {
      setError(t('remove.noteRequired'));
      return;
    }
    setBusy(true);
    try {
      const revoked = await revoke({ ids: target.ids, reason, ...(note.trim() ? { note: note.trim() } : {}) });
      toggleNotification({ type: 'success', message: t('remove.done', { count: revoked.length }) });
      onRemoved(revoked.length);
    } catch (failure) {
      setError(errorMessage(failure, t('remove.failed')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog.Root open={target !== null} onOpenChange={(open: boolean) => !open && onClose()}>
      <Dialog.Content>
        <Dialog.Header>{t('remove.title')}</Dialog.Header>
        <Dialog.Body>
          <Flex direction="column" gap={4} alignItems="stretch" width="100%">
            <Typography textAlign="center">{t('remove.question', { target: target?.label ?? '' })}</Typography>
            <SelectField
              label={t('remove.reason')}
              name="reason"
              value={reason}
              onChange={(value) => {
                setReason(value);
                setError(null);
              }}
              options={reasons.map((value) => ({ value, label: configuredLabel(t, 'reason', value) }))}
            />
            <Field.Root
              name="note"
              required={reason === 'other'}
              error={error ?? undefined}
              hint={reason === 'other' ? t('remove.noteHint') : undefined}
            >
              <Field.Label>{t('remove.note')}</Field.Label>
              <Textarea
                value={note}
                onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => {
                  setNote(e.target.value);
                  setError(null);
                }}
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Flex>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button fullWidth variant="tertiary">
              {t('common.cancel')}
            </Button>
          </Dialog.Cancel>
          <Button fullWidth variant="danger-light" startIcon={<Trash />} loading={busy} onClick={submit}>
            {t('remove.confirm')}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
};
