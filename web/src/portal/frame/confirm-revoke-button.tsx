/**
 * Taking something back (a permission, a proxy's access) after a confirmation dialog that names
 * it, since it changes who may see the record. An error stays in the dialog, next to the button.
 */
import { Button, Group, Modal, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { UseMutationResult } from '@tanstack/react-query';
import { FormError } from '../../components/form-error';
import { WrappingButton } from './wrapping-button';

export interface RevokeWords {
  /** The button's name, naming what is taken back. */
  label: string;
  title: string;
  body: string;
  cancel: string;
  confirm: string;
}

export function ConfirmRevokeButton({
  id,
  revoke,
  words,
  onRevoked,
}: {
  id: string;
  revoke: UseMutationResult<unknown, Error, string>;
  words: RevokeWords;
  onRevoked: () => void;
}) {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <WrappingButton variant="outline" color="red.9" size="xs" onClick={open}>
        {words.label}
      </WrappingButton>
      <Modal
        opened={opened}
        onClose={close}
        title={words.title}
        centered
        closeButtonProps={{ 'aria-label': words.cancel }}
      >
        <Text size="sm">{words.body}</Text>
        <FormError error={revoke.error} />
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={close}>
            {words.cancel}
          </Button>
          <Button
            color="red.9"
            loading={revoke.isPending}
            onClick={() =>
              // The button leaves the page once revoked: the promise still resolves.
              void revoke.mutateAsync(id).then(
                () => {
                  close();
                  onRevoked();
                },
                () => undefined,
              )
            }
          >
            {words.confirm}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
