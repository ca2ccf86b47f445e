/**
 * Signing in with a passkey: Haven sends a challenge, the browser asks the person to use their
 * passkey or security key, and Haven checks the signed answer. A cancelled browser prompt is
 * reported in plain words rather than as the browser's technical error.
 */
import { Button, Stack, Text } from '@mantine/core';
import { startAuthentication } from '@simplewebauthn/browser';
import { useMutation } from '@tanstack/react-query';
import { ApiError, apiPost } from '../api/client';
import { FormError } from '../components/form-error';
import { useT } from '../i18n/i18n';
import { authMessages } from './messages';
import type { FactorProps } from './second-factor-step';
import { completeSecondFactor } from './sign-in-api';

type RequestOptions = Parameters<typeof startAuthentication>[0]['optionsJSON'];

export function PasskeyFactor({ onDone, onFailed }: FactorProps) {
  const t = useT(authMessages);
  const passkey = useMutation({
    mutationFn: async () => {
      const optionsJSON = await apiPost<RequestOptions>('/api/auth/second-factor/passkey-options');
      let response: unknown;
      try {
        response = await startAuthentication({ optionsJSON });
      } catch {
        throw new Error(t('passkeyCancelled'));
      }
      return completeSecondFactor({ method: 'passkey', response });
    },
    onSuccess: onDone,
    onError: async (error) => {
      if (error instanceof ApiError) await onFailed(error);
    },
  });

  return (
    <Stack>
      <Text>{t('passkeyIntro')}</Text>
      <Button loading={passkey.isPending} onClick={() => passkey.mutate()}>
        {t('passkeyButton')}
      </Button>
      <FormError error={passkey.error} />
    </Stack>
  );
}
