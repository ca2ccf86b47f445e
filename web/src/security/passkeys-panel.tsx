/**
 * Passkeys: the ones registered (each removable, with the password), and adding one: Haven
 * sends options, the browser makes the key (fingerprint, face, PIN or a security key), and
 * Haven checks and stores it. Adding one is a privilege change, so the session is renewed.
 */
import { Button, List, Stack, Text, TextInput } from '@mantine/core';
import { browserSupportsWebAuthn, startRegistration } from '@simplewebauthn/browser';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { apiPost } from '../api/client';
import { formatDate } from '../components/dates';
import { FormError } from '../components/form-error';
import { useLocale, useT } from '../i18n/i18n';
import { passkeyMessages } from './passkey-messages';
import { PasswordGate } from './password-gate';
import { Section } from './section';
import { useAfterMfaChange, type MfaStatus } from './security-api';

type CreationOptions = Parameters<typeof startRegistration>[0]['optionsJSON'];

export function PasskeysPanel({ status }: { status: MfaStatus }) {
  const t = useT(passkeyMessages);
  const locale = useLocale();
  const afterChange = useAfterMfaChange();
  const [name, setName] = useState('');
  const [done, setDone] = useState<'added' | 'removed'>();
  const add = useMutation({
    mutationFn: async () => {
      const optionsJSON = await apiPost<CreationOptions>('/api/me/mfa/passkeys/options');
      let response: unknown;
      try {
        response = await startRegistration({ optionsJSON });
      } catch {
        throw new Error(t('passkeyCancelled'));
      }
      return apiPost<{ csrfToken: string }>('/api/me/mfa/passkeys', {
        name: name.trim(),
        response,
      });
    },
    onSuccess: async (answer) => {
      setName('');
      setDone('added');
      await afterChange(answer);
    },
  });

  return (
    <Section title={t('passkeysTitle')} order={3}>
      <Text>{t('passkeysIntro')}</Text>
      {status.passkeys.length === 0 ? (
        <Text c="dimmed">{t('noPasskeys')}</Text>
      ) : (
        <List listStyleType="none" spacing="sm">
          {status.passkeys.map((passkey) => (
            <List.Item key={passkey.id}>
              <Stack gap={4}>
                <Text>
                  <Text span fw={600}>
                    {passkey.name}
                  </Text>
                  {', '}
                  {t('addedOn', { date: formatDate(passkey.createdAt, locale) })}
                </Text>
                <PasswordGate
                  label={t('removePasskey', { name: passkey.name })}
                  danger
                  onConfirm={async (password) => {
                    await apiPost(`/api/me/mfa/passkeys/${passkey.id}/remove`, { password });
                    setDone('removed');
                    await afterChange();
                  }}
                />
              </Stack>
            </List.Item>
          ))}
        </List>
      )}
      {done && (
        <Text role="status">{done === 'added' ? t('passkeyAdded') : t('passkeyRemoved')}</Text>
      )}
      {browserSupportsWebAuthn() && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            add.mutate();
          }}
        >
          <Stack maw={440}>
            <TextInput
              label={t('passkeyName')}
              description={t('passkeyNameHint')}
              required
              withAsterisk={false}
              maxLength={64}
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
            />
            <Button type="submit" loading={add.isPending}>
              {t('addPasskey')}
            </Button>
            <FormError error={add.error} />
          </Stack>
        </form>
      )}
    </Section>
  );
}
