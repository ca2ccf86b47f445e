/**
 * A patient's statements in the console, for billing staff and the desk: each statement with its
 * payments, "Withdraw" for one issued in error (without payments), and a form to issue a new one.
 */
import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { apiGet, apiPost } from '../api/client';
import { QueryState } from '../components/query-state';
import { useT } from '../i18n/i18n';
import { ConfirmRevokeButton } from '../portal/frame/confirm-revoke-button';
import type { Statement } from '../records/statement';
import { StatementCard } from '../records/statement-card';
import { consoleBillingMessages } from './billing-messages';
import { consoleKey, patientPath } from './console-api';
import { useConsolePractice } from './practice-context';
import { StatementForm, type StatementEntry } from './statement-form';

function useStatements(patientId: string) {
  const { tenantId } = useConsolePractice();
  const queryClient = useQueryClient();
  const key = consoleKey(tenantId, 'statements', patientId);
  const path = `${patientPath(tenantId, patientId)}/statements`;
  const refresh = () => void queryClient.invalidateQueries({ queryKey: key });
  return {
    list: useQuery({
      queryKey: key,
      queryFn: async () => (await apiGet<{ statements: Statement[] }>(path)).statements,
    }),
    issue: useMutation({
      mutationFn: (entry: StatementEntry) => apiPost<Statement>(path, entry),
      onSuccess: refresh,
    }),
    withdraw: useMutation({
      mutationFn: (statementId: string) =>
        apiPost<Statement>(`${path}/${statementId}/cancellation`, { reason: 'Issued in error' }),
      onSuccess: refresh,
    }),
  };
}

export function PatientStatements({ patientId }: { patientId: string }) {
  const t = useT(consoleBillingMessages);
  const { list, issue, withdraw } = useStatements(patientId);
  const [writing, setWriting] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const announcementRef = useRef<HTMLParagraphElement>(null);
  const newButton = useRef<HTMLButtonElement>(null);
  const announce = (words: string) => {
    setAnnouncement(words);
    requestAnimationFrame(() => announcementRef.current?.focus());
  };
  return (
    <Stack gap="md" mt="lg" component="section" aria-labelledby="statements-title">
      <Title order={2} size="h3" id="statements-title">
        {t('title')}
      </Title>
      <Text role="status" fw={600} ref={announcementRef} tabIndex={-1}>
        {announcement}
      </Text>
      {writing ? (
        <Paper withBorder p="md">
          <StatementForm
            pending={issue.isPending}
            error={issue.error}
            onCancel={() => {
              setWriting(false);
              issue.reset();
              requestAnimationFrame(() => newButton.current?.focus());
            }}
            onIssue={(entry) =>
              issue.mutateAsync(entry).then(
                (statement) => {
                  setWriting(false);
                  announce(t('issued', { number: statement.number }));
                  return true;
                },
                () => false,
              )
            }
          />
        </Paper>
      ) : (
        <div>
          <Button ref={newButton} onClick={() => setWriting(true)}>
            {t('newStatement')}
          </Button>
        </div>
      )}
      <QueryState query={list}>
        {(statements) => (
          <Stack gap="md">
            {statements.length === 0 && <Text>{t('none')}</Text>}
            {statements.map((statement) => (
              <StatementCard key={statement.id} statement={statement}>
                {statement.status === 'open' &&
                  statement.payments.every((p) => p.status === 'declined') && (
                    <div>
                      <ConfirmRevokeButton
                        id={statement.id}
                        revoke={withdraw}
                        words={{
                          label: t('withdraw', { number: statement.number }),
                          title: t('withdrawTitle'),
                          body: t('withdrawBody', { number: statement.number }),
                          cancel: t('cancel'),
                          confirm: t('withdrawConfirm'),
                        }}
                        onRevoked={() => announce(t('withdrawn', { number: statement.number }))}
                      />
                    </div>
                  )}
              </StatementCard>
            ))}
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}
