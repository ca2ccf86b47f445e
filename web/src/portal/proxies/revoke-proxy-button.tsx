/** Taking back a proxy's access, after a confirmation dialog naming the person. */
import { Button, Group, Modal, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { FormError } from '../../components/form-error';
import { WrappingButton } from '../frame/wrapping-button';
import { useT } from '../../i18n/i18n';
import { proxiesMessages } from './messages';
import { useRevokeProxy, type ProxyGrant } from './use-proxies';

export function RevokeProxyButton({
  grant,
  onRevoked,
}: {
  grant: ProxyGrant;
  onRevoked: (announcement: string) => void;
}) {
  const t = useT(proxiesMessages);
  const [opened, { open, close }] = useDisclosure(false);
  const revoke = useRevokeProxy();
  const name = grant.proxyDisplayName;
  return (
    <>
      <WrappingButton variant="outline" color="red.9" size="xs" onClick={open}>
        {t('revoke', { name })}
      </WrappingButton>
      <Modal opened={opened} onClose={close} title={t('confirmTitle')} centered>
        <Text size="sm">{t('confirmBody', { name })}</Text>
        <FormError error={revoke.error} />
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={close}>
            {t('cancel')}
          </Button>
          <Button
            color="red.9"
            loading={revoke.isPending}
            onClick={() =>
              // The button leaves the page once the grant is revoked: the promise still resolves.
              void revoke.mutateAsync(grant.id).then(
                () => {
                  close();
                  onRevoked(t('revoked', { name }));
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
