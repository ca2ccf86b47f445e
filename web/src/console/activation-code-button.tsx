/**
 * "Create activation code" for one patient: a dialog explains what the code is for (and that
 * it cancels an unused one), creates it, and shows it this once. The code is kept only in this
 * dialog's memory and is gone when the dialog closes.
 */
import { Button, Code, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { apiPost } from '../api/client';
import { formatDateTime } from '../components/dates';
import { FormError } from '../components/form-error';
import { useLocale, useT } from '../i18n/i18n';
import { patientPath, type ActivationCode } from './console-api';
import { consoleMessages } from './messages';
import { useConsolePractice } from './practice-context';

export function ActivationCodeButton({
  patientId,
  patientName,
}: {
  patientId: string;
  patientName: string;
}) {
  const t = useT(consoleMessages);
  const locale = useLocale();
  const { tenantId } = useConsolePractice();
  const [opened, { open, close }] = useDisclosure(false);
  const create = useMutation({
    mutationFn: () =>
      apiPost<ActivationCode>(`${patientPath(tenantId, patientId)}/activation-codes`),
  });
  const finish = () => {
    create.reset();
    close();
  };

  return (
    <>
      <Button
        size="xs"
        variant="default"
        onClick={open}
        aria-label={t('createCodeFor', { name: patientName })}
      >
        {t('createCode')}
      </Button>
      <Modal
        opened={opened}
        onClose={finish}
        title={t('codeTitle', { name: patientName })}
        closeButtonProps={{ 'aria-label': t('codeClose') }}
      >
        {create.data ? (
          <Stack gap="sm">
            <Text role="status">
              {t('codeShown', { expires: formatDateTime(create.data.expiresAt, locale) })}
            </Text>
            <Text size="sm" fw={600}>
              {t('codeLabel')}
            </Text>
            <Code block fz="xl" data-testid="activation-code">
              {create.data.code}
            </Code>
            <Button onClick={finish}>{t('codeDone')}</Button>
          </Stack>
        ) : (
          <Stack gap="sm">
            <Text size="sm">{t('codeExplain')}</Text>
            <Button loading={create.isPending} onClick={() => create.mutate()}>
              {t('codeConfirm')}
            </Button>
            <Button variant="default" onClick={finish}>
              {t('codeCancel')}
            </Button>
            <FormError error={create.error} />
          </Stack>
        )}
      </Modal>
    </>
  );
}
