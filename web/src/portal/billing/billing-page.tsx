/**
 * Bills (/portal/billing, DATA-5): the open record's statements, newest first, the balance due
 * on them all, and paying one by card. A proxy sees and pays them only when their access
 * includes billing; the server decides, this page only chooses what to offer.
 */
import { Alert, Button, Stack, Text } from '@mantine/core';
import { useRef, useState } from 'react';
import { QueryState } from '../../components/query-state';
import { useLocale, useT } from '../../i18n/i18n';
import { formatMoney } from '../../records/statement';
import { StatementCard } from '../../records/statement-card';
import { useOpenRecord } from '../frame/open-record';
import { PortalPage } from '../frame/portal-page';
import { billingMessages } from './messages';
import { PayForm } from './pay-form';
import { useStatements } from './use-statements';

function BillingContent() {
  const t = useT(billingMessages);
  const locale = useLocale();
  const listing = useStatements();
  const record = useOpenRecord();
  const [paying, setPaying] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const announcementRef = useRef<HTMLParagraphElement>(null);
  const payButtons = useRef(new Map<string, HTMLButtonElement>());
  return (
    <QueryState query={listing}>
      {({ statements, canPay, processor }) => {
        const open = statements.filter((s) => s.status === 'open');
        const due = open.reduce((total, s) => total + s.balanceCents, 0);
        const currency = statements[0]?.currency ?? 'USD';
        return (
          <Stack gap="lg">
            <Text>{t('intro')}</Text>
            {processor === null && <Text>{t('noProcessor')}</Text>}
            {canPay && processor?.testMode && (
              <Alert color="blue.9" variant="outline" role="note">
                {t('testMode')}
              </Alert>
            )}
            <Text role="status" fw={600} ref={announcementRef} tabIndex={-1}>
              {announcement}
            </Text>
            {!canPay && processor !== null && <Text>{t('noAccess')}</Text>}
            {canPay && !record.self && (
              <Text fw={600}>{t('payFor', { name: record.displayName ?? '' })}</Text>
            )}
            {canPay && (
              <Text fw={700} size="lg">
                {due > 0
                  ? t('totalDue', { amount: formatMoney(due, currency, locale) })
                  : t('nothingDue')}
              </Text>
            )}
            {canPay && statements.length === 0 && <Text>{t('none')}</Text>}
            {statements.map((statement) => (
              <StatementCard key={statement.id} statement={statement}>
                {canPay &&
                  processor &&
                  statement.status === 'open' &&
                  (paying === statement.id ? (
                    <PayForm
                      statement={statement}
                      tokenizeUrl={processor.tokenizeUrl}
                      onCancel={() => {
                        setPaying(null);
                        requestAnimationFrame(() => payButtons.current.get(statement.id)?.focus());
                      }}
                      onPaid={(cents) => {
                        setPaying(null);
                        setAnnouncement(
                          t('paid', {
                            amount: formatMoney(cents, statement.currency, locale),
                            number: statement.number,
                          }),
                        );
                        requestAnimationFrame(() => announcementRef.current?.focus());
                      }}
                    />
                  ) : (
                    <div>
                      <Button
                        ref={(button) => {
                          if (button) payButtons.current.set(statement.id, button);
                        }}
                        onClick={() => setPaying(statement.id)}
                        aria-describedby={`statement-${statement.id}`}
                      >
                        {t('pay')}
                      </Button>
                    </div>
                  ))}
              </StatementCard>
            ))}
          </Stack>
        );
      }}
    </QueryState>
  );
}

export function BillingPage() {
  const t = useT(billingMessages);
  return (
    <PortalPage title={t('title')}>
      <BillingContent />
    </PortalPage>
  );
}
