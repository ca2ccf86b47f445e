/**
 * "Switch record": opens the person's own record or one they hold as a proxy. The choice is
 * the session's (POST /api/me/acting-as), so every page and the server agree on whose record
 * is open; the change is announced for screen-reader users.
 */
import { Select } from '@mantine/core';
import { useState } from 'react';
import { FormError } from '../../components/form-error';
import { useT } from '../../i18n/i18n';
import { frameMessages } from './messages';
import { currentValue, recordOptions } from './record-options';
import type { MyRecords } from './types';
import { useSwitchRecord } from './use-my-records';

export function RecordSwitcher({
  records,
  onSwitched,
}: {
  records: MyRecords;
  onSwitched: (announcement: string) => void;
}) {
  const t = useT(frameMessages);
  const switchRecord = useSwitchRecord();
  const [pending, setPending] = useState<string | null>(null);
  const options = recordOptions(records);
  const current = currentValue(records);
  if (options.length === 0 || (options.length === 1 && options[0]?.value === current)) return null;
  // The practice is named only when the records are at more than one.
  const manyPractices = new Set(options.map((o) => o.practice)).size > 1;
  const nameOf = (option: (typeof options)[number]) => {
    const name = option.name ?? t('someoneUnnamed');
    if (!manyPractices) return option.self ? t('switchOwnShort') : name;
    return option.self
      ? t('switchOwn', { practice: option.practice })
      : t('switchOther', { name, practice: option.practice });
  };

  return (
    <div>
      <Select
        label={t('switchLabel')}
        placeholder={t('switchPlaceholder')}
        data={options.map((option) => ({ value: option.value, label: nameOf(option) }))}
        value={pending ?? current}
        allowDeselect={false}
        disabled={switchRecord.isPending}
        maw={360}
        onChange={(value) => {
          const option = options.find((o) => o.value === value);
          if (!option) return;
          setPending(option.value);
          switchRecord
            .mutateAsync(option.target)
            .then(
              (answer) =>
                onSwitched(
                  option.self
                    ? t('switchedSelf')
                    : t('switched', { name: answer.displayName ?? nameOf(option) }),
                ),
              () => undefined,
            )
            .finally(() => setPending(null));
        }}
      />
      <FormError error={switchRecord.error} />
    </div>
  );
}
