/**
 * Paying one statement by card. The card fields stand where a live processor's hosted fields
 * would: what is typed goes to the processor only, and stays in this component's state until
 * the payment is answered. One attempt keeps one idempotency key, so sending it again after a
 * lost answer is the same payment, never a second charge; a declined card starts a new attempt.
 */
import { Alert, Button, Group, Stack, TextInput } from '@mantine/core';
import { useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { FormError } from '../../components/form-error';
import { useLocale, useT } from '../../i18n/i18n';
import { centsFromInput, formatMoney, type Statement } from '../../records/statement';
import { declineWords, statementMessages } from '../../records/statement-card';
import { issueAt, summaryWithout } from '../frame/field-errors';
import { billingMessages } from './messages';
import { usePayStatement } from './use-statements';

/** "08/30" or "8/2030" as month and year; undefined when it is neither. */
function parseExpiry(typed: string): { expMonth: number; expYear: number } | undefined {
  const match = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(typed);
  if (!match) return undefined;
  const expMonth = Number(match[1]);
  const year = Number(match[2]);
  if (expMonth < 1 || expMonth > 12) return undefined;
  return { expMonth, expYear: year < 100 ? 2000 + year : year };
}

export function PayForm({
  statement,
  tokenizeUrl,
  onPaid,
  onCancel,
}: {
  statement: Statement;
  tokenizeUrl: string;
  /** Paid: with the amount the processor charged. */
  onPaid: (amountCents: number) => void;
  onCancel: () => void;
}) {
  const t = useT(billingMessages);
  const statementWords = useT(statementMessages);
  const locale = useLocale();
  const money = (cents: number) => formatMoney(cents, statement.currency, locale);
  const pay = usePayStatement(statement.id, tokenizeUrl);
  const attempt = useRef(crypto.randomUUID());
  const [amount, setAmount] = useState((statement.balanceCents / 100).toFixed(2));
  const [number, setNumber] = useState('');
  const [expiry, setExpiry] = useState('');
  const [cvc, setCvc] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [declined, setDeclined] = useState<string | null>(null);
  const cents = centsFromInput(amount);
  const id = (field: string) => `pay-${statement.id}-${field}`;

  const submit = () => {
    const found: Record<string, string> = {};
    const expires = parseExpiry(expiry);
    if (cents === undefined || cents < 1 || cents > statement.balanceCents) {
      found.amount = t('amountProblem');
    }
    if (number.trim() === '') found.number = t('fillIn');
    if (!expires) found.expiry = t('expiryProblem');
    if (cvc.trim() === '') found.cvc = t('fillIn');
    setProblems(found);
    setDeclined(null);
    if (Object.keys(found).length > 0 || !expires || cents === undefined) return;
    pay.mutate(
      {
        card: { number, ...expires, cvc: cvc.trim() },
        amountCents: cents,
        idempotencyKey: attempt.current,
      },
      {
        onSuccess: (answer) => {
          const made = answer.statement.payments.find((p) => p.id === answer.paymentId);
          if (made?.status === 'declined') {
            attempt.current = crypto.randomUUID();
            setDeclined(declineWords(statementWords, made));
            return;
          }
          onPaid(made?.amountCents ?? cents);
        },
        onError: (error) => {
          // A refusal is final for this attempt; a lost answer or a busy processor is retried
          // with the same key, so it cannot be charged twice.
          if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
            attempt.current = crypto.randomUUID();
          }
        },
      },
    );
  };

  const error = pay.error;
  return (
    <form
      noValidate
      aria-label={t('cardSection', { number: statement.number })}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Stack gap="sm">
        <TextInput
          id={id('amount')}
          label={t('amount')}
          description={t('amountHint', { amount: money(statement.balanceCents) })}
          inputMode="decimal"
          required
          autoFocus
          value={amount}
          onChange={(e) => setAmount(e.currentTarget.value)}
          error={problems.amount ?? issueAt(error, '/amountCents', t('amountProblem'))}
        />
        <TextInput
          id={id('number')}
          label={t('cardNumber')}
          autoComplete="cc-number"
          inputMode="numeric"
          maxLength={23}
          required
          value={number}
          onChange={(e) => setNumber(e.currentTarget.value)}
          error={problems.number ?? issueAt(error, '/number', undefined, t('cardNumber'))}
        />
        <Group grow align="flex-start">
          <TextInput
            id={id('expiry')}
            label={t('expiry')}
            autoComplete="cc-exp"
            inputMode="numeric"
            maxLength={7}
            required
            value={expiry}
            onChange={(e) => setExpiry(e.currentTarget.value)}
            error={problems.expiry ?? issueAt(error, '/expiry', undefined, t('expiry'))}
          />
          <TextInput
            id={id('cvc')}
            label={t('cvc')}
            description={t('cvcHint')}
            autoComplete="cc-csc"
            inputMode="numeric"
            maxLength={4}
            required
            value={cvc}
            onChange={(e) => setCvc(e.currentTarget.value)}
            error={problems.cvc ?? issueAt(error, '/cvc', undefined, t('cvc'))}
          />
        </Group>
        {declined !== null && (
          <Alert color="red" role="alert">
            {t('declined', { reason: declined })}
          </Alert>
        )}
        <FormError error={summaryWithout(error, '/amountCents', '/number', '/expiry', '/cvc')} />
        <Group>
          <Button type="submit" loading={pay.isPending}>
            {t('submit', { amount: money(cents ?? 0) })}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
