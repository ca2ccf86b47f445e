/**
 * /console/change-requests (DATA-1, USE-2): patients' open requests to change their name, birth
 * date or gender, oldest first, each accepted or declined with a reason. A practice
 * administrator or privacy officer sees the queue but does not decide (the server refuses
 * them), so they get no buttons. What happened is said above the queue, and focus moves there, since the decided
 * request leaves it.
 */
import { Stack, Text } from '@mantine/core';
import { useRef, useState } from 'react';
import { QueryState } from '../components/query-state';
import { useT } from '../i18n/i18n';
import { fullName, ChangeRequestCard } from './change-request-card';
import { changeRequestMessages } from './change-request-messages';
import { CHANGE_REQUEST_DECIDERS, useChangeRequests } from './change-requests-api';
import { holdsAny } from './console-api';
import { ConsoleLayout } from './console-layout';
import { useConsolePractice } from './practice-context';

export function ChangeRequestsPage() {
  const t = useT(changeRequestMessages);
  const { roles } = useConsolePractice();
  const queue = useChangeRequests();
  const canDecide = holdsAny(roles, CHANGE_REQUEST_DECIDERS);
  const [announcement, setAnnouncement] = useState('');
  const announcementRef = useRef<HTMLParagraphElement>(null);

  return (
    <ConsoleLayout title={t('title')}>
      <Stack gap="md">
        <Text>{t('intro')}</Text>
        {!canDecide && <Text fw={600}>{t('readOnly')}</Text>}
        <Text role="status" fw={600} ref={announcementRef} tabIndex={-1}>
          {announcement}
        </Text>
        <QueryState query={queue}>
          {(requests) => (
            <Stack gap="md">
              <Text>
                {requests.length === 0
                  ? t('none')
                  : requests.length === 1
                    ? t('countOne')
                    : t('count', { count: requests.length })}
              </Text>
              {requests.map((request) => (
                <ChangeRequestCard
                  key={request.id}
                  request={request}
                  canDecide={canDecide}
                  onDecided={(decision, current) => {
                    const name = fullName(current);
                    setAnnouncement(
                      decision === 'accept' ? t('accepted', { name }) : t('declined', { name }),
                    );
                    requestAnimationFrame(() => announcementRef.current?.focus());
                  }}
                />
              ))}
            </Stack>
          )}
        </QueryState>
      </Stack>
    </ConsoleLayout>
  );
}
