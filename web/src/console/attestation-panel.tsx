/**
 * The practice's confidentiality agreement, in the reader's language, with a button to sign
 * it: staff must sign it before they may open any record, and this is where they can.
 */
import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPost } from '../api/client';
import { FormError } from '../components/form-error';
import { useLanguage, useT } from '../i18n/i18n';
import { consoleKey, practicePath } from './console-api';
import { consoleMessages } from './messages';
import { useConsolePractice } from './practice-context';

interface Agreement {
  version: string;
  title: string;
  paragraphs: string[];
  signedAt: string | null;
}

export function AttestationPanel() {
  const t = useT(consoleMessages);
  const { language } = useLanguage();
  const { tenantId } = useConsolePractice();
  const queryClient = useQueryClient();
  const agreement = useQuery({
    queryKey: consoleKey(tenantId, 'attestation', language),
    queryFn: () => apiGet<Agreement>(`${practicePath(tenantId)}/attestation?lang=${language}`),
  });
  const sign = useMutation({
    mutationFn: (version: string) => apiPost(`${practicePath(tenantId)}/attestation`, { version }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: consoleKey(tenantId) }),
  });
  const data = agreement.data;
  if (!data) return null;
  return (
    <Paper withBorder p="md" mt="md" component="section" aria-labelledby="agreement-title">
      <Title order={2} size="h4" id="agreement-title">
        {data.title}
      </Title>
      <Stack gap="xs" mt="xs">
        {data.paragraphs.map((paragraph, index) => (
          <Text key={index} size="sm">
            {paragraph}
          </Text>
        ))}
      </Stack>
      <Button mt="md" loading={sign.isPending} onClick={() => sign.mutate(data.version)}>
        {t('agreementSign')}
      </Button>
      {sign.isSuccess && (
        <Text role="status" size="sm" mt="xs">
          {t('agreementSigned')}
        </Text>
      )}
      <FormError error={sign.error} />
    </Paper>
  );
}
