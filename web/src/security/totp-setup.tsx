/**
 * Adding an authenticator app: the setup key (in groups of four, for typing) and an otpauth://
 * link (for opening on the phone itself), then a code from the app to prove it was added.
 * The key is shown only here, in memory; Haven keeps it sealed until the code confirms it.
 */
import { Anchor, Box, Button, Code, Group, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { apiPost } from '../api/client';
import { authMessages } from '../auth/messages';
import { placeErrors } from '../auth/field-errors';
import { FormError } from '../components/form-error';
import { useT } from '../i18n/i18n';
import { mfaMessages } from './mfa-messages';

export interface TotpEnrolment {
  secret: string;
  otpauthUri: string;
}

export function TotpSetup({
  enrolment,
  onConfirmed,
  onCancel,
}: {
  enrolment: TotpEnrolment;
  onConfirmed: (answer: { csrfToken: string }) => Promise<void>;
  onCancel: () => void;
}) {
  const t = useT(mfaMessages);
  const ta = useT(authMessages);
  const keyLabelId = useId();
  const [code, setCode] = useState('');
  const confirm = useMutation({
    mutationFn: () =>
      apiPost<{ csrfToken: string }>('/api/me/mfa/totp/confirm', { code: code.trim() }),
    onSuccess: onConfirmed,
  });
  const placed = placeErrors(confirm.error, { code: t('codeFromApp') }, ta('checkField'));
  const grouped = enrolment.secret.match(/.{1,4}/g)?.join(' ') ?? enrolment.secret;

  return (
    <Stack maw={520}>
      <Text>{t('totpStep1')}</Text>
      <Text id={keyLabelId} fw={600}>
        {t('setupKey')}
      </Text>
      <Box role="group" aria-labelledby={keyLabelId}>
        <Code fz="lg" display="block" p="sm">
          {grouped}
        </Code>
      </Box>
      <Anchor href={enrolment.otpauthUri}>{t('openInApp')}</Anchor>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          confirm.mutate();
        }}
      >
        <Stack>
          <TextInput
            label={t('codeFromApp')}
            description={t('totpStep2')}
            required
            withAsterisk={false}
            autoComplete="one-time-code"
            inputMode="numeric"
            value={code}
            error={placed.fields.code}
            onChange={(event) => setCode(event.currentTarget.value)}
          />
          <Group>
            <Button type="submit" loading={confirm.isPending}>
              {t('totpConfirm')}
            </Button>
            <Button variant="default" onClick={onCancel}>
              {t('cancel')}
            </Button>
          </Group>
          <FormError error={placed.summary} />
        </Stack>
      </form>
    </Stack>
  );
}
