/**
 * The banner on every portal page naming whose record is open ("You are viewing Elena
 * Tanaka's record" or "your record"), with the switcher beside it. A proxy whose view leaves
 * out a teenager's confidential care is told so, plainly.
 */
import { Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useT } from '../../i18n/i18n';
import { frameMessages } from './messages';
import { RecordSwitcher } from './record-switcher';
import type { MyRecords } from './types';
import { openRecordOf } from './use-my-records';

export function RecordBanner({ records }: { records: MyRecords | undefined }) {
  const t = useT(frameMessages);
  const [announcement, setAnnouncement] = useState('');
  const open = records ? openRecordOf(records) : undefined;
  let whose = records && records.proxied.length === 0 ? t('bannerWaiting') : t('bannerNoRecord');
  if (open) {
    if (open.self) whose = t('bannerSelf');
    else if (open.displayName) whose = t('bannerOther', { name: open.displayName });
    else whose = t('bannerOtherUnnamed');
  }

  return (
    <Paper
      withBorder
      p="sm"
      mb="md"
      bg={open && !open.self ? 'yellow.0' : 'teal.0'}
      className="page"
    >
      <Group justify="space-between" align="center" gap="sm">
        <Stack gap={2}>
          <Text fw={700} data-testid="whose-record">
            {whose}
            {open?.practiceName ? ` ${t('bannerPractice', { practice: open.practiceName })}` : ''}
          </Text>
          {open && open.excludedCategories.length > 0 && (
            <Text size="sm">{t('bannerLimited')}</Text>
          )}
        </Stack>
        {records && <RecordSwitcher records={records} onSwitched={setAnnouncement} />}
      </Group>
      <div role="status" className="visually-hidden">
        {announcement}
      </div>
    </Paper>
  );
}
