/**
 * Issuing a statement: one row per service (date, what it was, its charge, what insurance paid,
 * any adjustment) and a due date. Amounts are typed in dollars and sent in cents; the server
 * checks every line again and its problems are shown on their fields.
 */
import { Button, Fieldset, Group, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useRef, useState } from 'react';
import { FormError } from '../components/form-error';
import { useT } from '../i18n/i18n';
import { issueAt, summaryWithout } from '../portal/frame/field-errors';
import { centsFromInput } from '../records/statement';
import { consoleBillingMessages } from './billing-messages';

interface LineEntry {
  serviceDate: string;
  description: string;
  charge: string;
  insurance: string;
  adjustment: string;
}

export interface StatementEntry {
  lines: {
    serviceDate: string;
    description: string;
    chargeCents: number;
    insurancePaidCents: number;
    adjustmentCents: number;
  }[];
  dueDate: string;
}

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const emptyLine = (): LineEntry => ({
  serviceDate: today(),
  description: '',
  charge: '',
  insurance: '0.00',
  adjustment: '0.00',
});

export function StatementForm({
  onIssue,
  onCancel,
  pending,
  error,
}: {
  /** Issues; resolves true once stored. */
  onIssue: (entry: StatementEntry) => Promise<boolean>;
  onCancel: () => void;
  pending: boolean;
  error: unknown;
}) {
  const t = useT(consoleBillingMessages);
  const [lines, setLines] = useState<LineEntry[]>([emptyLine()]);
  const [dueDate, setDueDate] = useState(inDays(30));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const addButton = useRef<HTMLButtonElement>(null);
  const change = (index: number, field: keyof LineEntry, value: string) =>
    setLines((current) =>
      current.map((line, i) => (i === index ? { ...line, [field]: value } : line)),
    );

  const submit = () => {
    const found: Record<string, string> = {};
    const parsed = lines.map((line, i) => {
      const cents = (field: 'charge' | 'insurance' | 'adjustment') => {
        const value = centsFromInput(line[field]);
        if (value === undefined) found[`/lines/${i}/${field}`] = t('amountProblem');
        return value ?? 0;
      };
      if (line.description.trim() === '') found[`/lines/${i}/description`] = t('fillIn');
      return {
        serviceDate: line.serviceDate,
        description: line.description,
        chargeCents: cents('charge'),
        insurancePaidCents: cents('insurance'),
        adjustmentCents: cents('adjustment'),
      };
    });
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    void onIssue({ lines: parsed, dueDate });
  };
  const at = (i: number, field: string, server: string) =>
    problems[`/lines/${i}/${field}`] ?? issueAt(error, `/lines/${i}/${server}`);

  return (
    <form
      noValidate
      aria-label={t('newStatement')}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Stack gap="sm">
        {lines.map((line, i) => (
          <Fieldset key={i} legend={t('service', { n: i + 1 })}>
            <Stack gap="xs">
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  type="date"
                  label={t('serviceDate')}
                  required
                  value={line.serviceDate}
                  max={today()}
                  onChange={(e) => change(i, 'serviceDate', e.currentTarget.value)}
                  error={at(i, 'serviceDate', 'serviceDate')}
                />
                <TextInput
                  label={t('description')}
                  description={t('descriptionHint')}
                  required
                  maxLength={200}
                  autoFocus={i === 0}
                  value={line.description}
                  onChange={(e) => change(i, 'description', e.currentTarget.value)}
                  error={at(i, 'description', 'description')}
                />
              </SimpleGrid>
              <Group grow align="flex-start">
                <TextInput
                  label={t('charge')}
                  inputMode="decimal"
                  required
                  value={line.charge}
                  onChange={(e) => change(i, 'charge', e.currentTarget.value)}
                  error={at(i, 'charge', 'chargeCents')}
                />
                <TextInput
                  label={t('insurance')}
                  inputMode="decimal"
                  value={line.insurance}
                  onChange={(e) => change(i, 'insurance', e.currentTarget.value)}
                  error={at(i, 'insurance', 'insurancePaidCents')}
                />
                <TextInput
                  label={t('adjustment')}
                  inputMode="decimal"
                  value={line.adjustment}
                  onChange={(e) => change(i, 'adjustment', e.currentTarget.value)}
                  error={at(i, 'adjustment', 'adjustmentCents')}
                />
              </Group>
              {lines.length > 1 && (
                <div>
                  <Button
                    variant="subtle"
                    color="red.9"
                    size="xs"
                    onClick={() => {
                      setLines((current) => current.filter((_, j) => j !== i));
                      // The button goes with its service: focus moves to "Add a service".
                      requestAnimationFrame(() => addButton.current?.focus());
                    }}
                  >
                    {t('removeLine', { n: i + 1 })}
                  </Button>
                </div>
              )}
            </Stack>
          </Fieldset>
        ))}
        <div>
          <Button
            ref={addButton}
            variant="default"
            onClick={() => setLines((current) => [...current, emptyLine()])}
          >
            {t('addLine')}
          </Button>
        </div>
        <TextInput
          type="date"
          label={t('dueDate')}
          required
          value={dueDate}
          min={today()}
          onChange={(e) => setDueDate(e.currentTarget.value)}
          error={issueAt(error, '/dueDate')}
          w={220}
        />
        <FormError
          error={summaryWithout(error, '/dueDate', ...lines.map((_, i) => `/lines/${i}`))}
        />
        <Group>
          <Button type="submit" loading={pending}>
            {t('issue')}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
