/**
 * The records I can open: my own, and each one I look after as a parent, guardian or
 * caregiver, with "Open this record" (which switches the session's record and goes home).
 */
import { Badge, Button, Group, List, Paper, Stack, Text } from '@mantine/core';
import { useNavigate } from 'react-router';
import { formatDate } from '../../components/dates';
import { FormError } from '../../components/form-error';
import { useLocale, useT } from '../../i18n/i18n';
import { recordOptions } from '../frame/record-options';
import type { MyRecords } from '../frame/types';
import { useSwitchRecord } from '../frame/use-my-records';
import { proxiesMessages, type ProxiesMessageKey } from './messages';

export function HeldRecords({ records }: { records: MyRecords }) {
  const t = useT(proxiesMessages);
  const locale = useLocale();
  const navigate = useNavigate();
  const switchRecord = useSwitchRecord();
  const options = recordOptions(records);
  const current = records.current;
  const word = (key: string) =>
    key in proxiesMessages.en ? t(key as ProxiesMessageKey) : key.replace(/^\w+_/, '');
  if (!options.some((o) => !o.self)) return <Text>{t('noHeld')}</Text>;

  return (
    <Stack gap="xs">
      <List listStyleType="none" spacing="xs" p={0} m={0}>
        {options.map((option) => {
          const held = records.proxied.find((r) => `${r.tenantId}|${r.patientId}` === option.value);
          const name = option.self ? t('ownRecord') : (option.name ?? t('unnamed'));
          const isOpen =
            current !== null && `${current.tenantId}|${current.patientId}` === option.value;
          return (
            <Paper withBorder p="sm" mb="xs" component="li" key={option.value}>
              <Group justify="space-between" gap="sm">
                <Stack gap={2}>
                  <Text fw={700}>{name}</Text>
                  <Text size="sm">{t('atPractice', { practice: option.practice })}</Text>
                  {held && (
                    <Text size="sm">
                      {t('relationship', { relationship: word(`rel_${held.relationship}`) })}
                      {' · '}
                      {t('canDo', {
                        scopes: held.scopes.map((s) => word(`scope_${s}`)).join(', '),
                      })}
                      {held.expiresAt
                        ? ` · ${t('expires', { date: formatDate(held.expiresAt, locale) })}`
                        : ''}
                    </Text>
                  )}
                  {held && held.excludedCategories.length > 0 && (
                    <Text size="sm">{t('limited')}</Text>
                  )}
                </Stack>
                {isOpen ? (
                  <Badge color="teal.9" variant="filled">
                    {t('isOpen')}
                  </Badge>
                ) : (
                  <Button
                    size="sm"
                    aria-label={option.self ? t('openOwn') : t('openFor', { name })}
                    loading={switchRecord.isPending && switchRecord.variables === option.target}
                    onClick={() =>
                      void switchRecord.mutateAsync(option.target).then(
                        () => navigate('/portal'),
                        () => undefined,
                      )
                    }
                  >
                    {option.self ? t('openOwn') : t('open')}
                  </Button>
                )}
              </Group>
            </Paper>
          );
        })}
      </List>
      <FormError error={switchRecord.error} />
    </Stack>
  );
}
