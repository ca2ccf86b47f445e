/**
 * What the portal says when no record is open: a self sign-up still waiting for the
 * practice's identity check, an account waiting for a guardian, or simply nothing linked yet.
 */
import { Alert, List, Text } from '@mantine/core';
import { useT } from '../../i18n/i18n';
import { frameMessages } from './messages';
import type { MyRecords } from './types';

const KNOWN = ['pending_identity', 'pending_guardian', 'closed', 'active'] as const;

export function NoRecord({ records }: { records: MyRecords }) {
  const t = useT(frameMessages);
  if (records.own.length === 0 && records.proxied.length > 0) {
    return (
      <Alert color="blue" variant="light" title={t('chooseTitle')}>
        <Text size="sm">{t('chooseBody')}</Text>
      </Alert>
    );
  }
  return (
    <Alert color="blue" variant="light" title={t('noRecordTitle')}>
      {records.own.length === 0 ? (
        <Text size="sm">{t('noRecordNone')}</Text>
      ) : (
        <List size="sm">
          {records.own.map((account) => {
            const status = KNOWN.find((s) => s === account.status) ?? 'pending_identity';
            return (
              <List.Item key={account.tenantId}>
                {t(`status_${status}`, { practice: account.practiceName })}
              </List.Item>
            );
          })}
        </List>
      )}
      {records.proxied.length > 0 && (
        <Text size="sm" mt="xs">
          {t('noRecordProxies')}
        </Text>
      )}
    </Alert>
  );
}
