/**
 * One statement, for the portal and the console alike: its number, dates and status, each
 * service with what insurance paid and what is left, the totals, and the payments made toward
 * it. Actions (pay, withdraw) come from the page as children.
 */
import { Badge, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatDate, formatDateTime } from '../components/dates';
import { defineMessages, useLocale, useT, type Translate } from '../i18n/i18n';
import { ScrollTable } from './scroll-table';
import { formatMoney, type Payment, type Statement } from './statement';

export const statementMessages = defineMessages(
  {
    title: 'Statement {number}',
    issued: 'Issued {date}',
    due: 'Due by {date}',
    open: 'Balance due',
    paid: 'Paid',
    cancelled: 'Withdrawn by the practice',
    services: 'Services on statement {number}',
    date: 'Date',
    service: 'Service',
    charge: 'Charge',
    insurance: 'Insurance paid',
    adjustment: 'Adjustment',
    owed: 'Your part',
    total: 'Total',
    balance: 'Balance: {amount}',
    paymentsTitle: 'Payments',
    payment: '{amount} paid with {brand} ending {last4}, {date}',
    declinedPayment: '{amount} not paid ({brand} ending {last4}), {date}: {reason}',
    declinedUnknownCard: '{amount} not paid, {date}: {reason}',
    pending: '{amount} being processed, {date}',
    card_declined: 'The card was declined. No money was taken.',
    insufficient_funds: 'The card was declined for insufficient funds. No money was taken.',
    expired_card: 'The card has expired. No money was taken.',
    invalid_token: 'The card details could not be used. No money was taken. Enter them again.',
  },
  {
    title: 'Estado de cuenta {number}',
    issued: 'Emitido el {date}',
    due: 'Vence el {date}',
    open: 'Saldo pendiente',
    paid: 'Pagado',
    cancelled: 'Retirado por la consulta',
    services: 'Servicios del estado de cuenta {number}',
    date: 'Fecha',
    service: 'Servicio',
    charge: 'Cargo',
    insurance: 'Pagado por el seguro',
    adjustment: 'Ajuste',
    owed: 'Tu parte',
    total: 'Total',
    balance: 'Saldo: {amount}',
    paymentsTitle: 'Pagos',
    payment: '{amount} pagado con {brand} terminada en {last4}, {date}',
    declinedPayment: '{amount} no pagado ({brand} terminada en {last4}), {date}: {reason}',
    declinedUnknownCard: '{amount} no pagado, {date}: {reason}',
    pending: '{amount} en proceso, {date}',
    card_declined: 'La tarjeta fue rechazada. No se cobró nada.',
    insufficient_funds: 'La tarjeta fue rechazada por fondos insuficientes. No se cobró nada.',
    expired_card: 'La tarjeta está vencida. No se cobró nada.',
    invalid_token:
      'No se pudieron usar los datos de la tarjeta. No se cobró nada. Escríbelos de nuevo.',
  },
);

/** Why a payment was declined, in the reader's language. */
export function declineWords(
  t: Translate<keyof (typeof statementMessages)['en']>,
  payment: Payment,
): string {
  return payment.declineCode ? t(payment.declineCode) : (payment.declined ?? '');
}

const STATUS_COLOUR = { open: 'yellow.9', paid: 'teal.9', cancelled: 'gray.8' } as const;

export function StatementCard({
  statement,
  children,
}: {
  statement: Statement;
  children?: ReactNode;
}) {
  const t = useT(statementMessages);
  const locale = useLocale();
  const money = (cents: number) => formatMoney(cents, statement.currency, locale);
  const titleId = `statement-${statement.id}`;
  return (
    <Paper withBorder p="md" component="article" aria-labelledby={titleId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={3} size="h4" id={titleId}>
              {t('title', { number: statement.number })}
            </Title>
            <Text size="sm">
              {t('issued', { date: formatDate(statement.issued, locale) })}
              {statement.dueDate && statement.status === 'open'
                ? ` · ${t('due', { date: formatDate(statement.dueDate, locale) })}`
                : ''}
            </Text>
          </Stack>
          <Badge color={STATUS_COLOUR[statement.status]} variant="filled" tt="none">
            {t(statement.status)}
          </Badge>
        </Group>
        <ScrollTable minWidth={560} label={t('services', { number: statement.number })}>
          <Table>
            <Table.Caption>{t('services', { number: statement.number })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('date')}</Table.Th>
                <Table.Th scope="col">{t('service')}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('charge')}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('insurance')}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('adjustment')}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('owed')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {statement.lines.map((line, index) => (
                <Table.Tr key={index}>
                  <Table.Td>{formatDate(line.serviceDate, locale)}</Table.Td>
                  <Table.Td>{line.description}</Table.Td>
                  <Table.Td ta="right">{money(line.chargeCents)}</Table.Td>
                  <Table.Td ta="right">{money(line.insurancePaidCents)}</Table.Td>
                  <Table.Td ta="right">{money(line.adjustmentCents)}</Table.Td>
                  <Table.Td ta="right">
                    {money(line.chargeCents - line.insurancePaidCents - line.adjustmentCents)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr>
                <Table.Th scope="row" colSpan={2}>
                  {t('total')}
                </Table.Th>
                <Table.Td ta="right">{money(statement.chargesCents)}</Table.Td>
                <Table.Td ta="right">{money(statement.insurancePaidCents)}</Table.Td>
                <Table.Td ta="right">{money(statement.adjustmentsCents)}</Table.Td>
                <Table.Td ta="right" fw={700}>
                  {money(statement.amountDueCents)}
                </Table.Td>
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </ScrollTable>
        {statement.payments.length > 0 && (
          <Stack gap={4} component="section" aria-label={t('paymentsTitle')}>
            <Text fw={600}>{t('paymentsTitle')}</Text>
            {statement.payments.map((payment) => {
              const words = {
                amount: money(payment.amountCents),
                brand: payment.cardBrand ?? '',
                last4: payment.cardLast4 ?? '',
                date: formatDateTime(payment.at, locale),
                reason: declineWords(t, payment),
              };
              const key =
                payment.status === 'succeeded'
                  ? 'payment'
                  : payment.status === 'pending'
                    ? 'pending'
                    : payment.cardLast4
                      ? 'declinedPayment'
                      : 'declinedUnknownCard';
              return (
                <Text size="sm" key={payment.id}>
                  {t(key, words)}
                </Text>
              );
            })}
          </Stack>
        )}
        {statement.status === 'open' && (
          <Text fw={700}>{t('balance', { amount: money(statement.balanceCents) })}</Text>
        )}
        {children}
      </Stack>
    </Paper>
  );
}
