/**
 * Taking back a permission, after a confirmation dialog (it changes who may see the record).
 * The dialog names what is being taken back; an error stays in the dialog, next to the button.
 */
import { Button, Group, Modal, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { FormError } from '../../components/form-error';
import { WrappingButton } from '../frame/wrapping-button';
import { useT } from '../../i18n/i18n';
import { sharingMessages } from './messages';
import { useRevokeConsent } from './use-consents';

export function RevokeButton({
  consentId,
  label,
  kindLabel,
  onRevoked,
}: {
  consentId: string;
  label: string;
  kindLabel: string;
  onRevoked: () => void;
}) {
  const t = useT(sharingMessages);
  const [opened, { open, close }] = useDisclosure(false);
  const revoke = useRevokeConsent();
  return (
    <>
      <WrappingButton variant="outline" color="red.9" size="xs" onClick={open}>
        {label}
      </WrappingButton>
      <Modal opened={opened} onClose={close} title={t('confirmTitle')} centered>
        <Text size="sm">{t('confirmBody', { kind: kindLabel })}</Text>
        <FormError error={revoke.error} />
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={close}>
            {t('cancel')}
          </Button>
          <Button
            color="red.9"
            loading={revoke.isPending}
            onClick={() =>
              // The button leaves the page once the consent is revoked: the promise still resolves.
              void revoke.mutateAsync(consentId).then(
                () => {
                  close();
                  onRevoked();
                },
                () => undefined,
              )
            }
          >
            {t('confirmYes')}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
