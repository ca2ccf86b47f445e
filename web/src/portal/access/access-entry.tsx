/**
 * One access in the timeline: who (name and role), when, what kind of data, and why.
 * Emergency (break-the-glass) access is marked with a badge AND spelled out in words.
 */
import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { formatDateTime } from '../../components/dates';
import { useLocale, useT } from '../../i18n/i18n';
import { accessMessages } from './messages';
import { accessWords, lookup } from './access-words';

export interface Access {
  at: string;
  who: string;
  roles: string[];
  onBehalfOf: boolean;
  action: string;
  dataCategory: string | null;
  why: string | null;
  breakGlass: boolean;
  breakGlassReason: string | null;
  /** The gate refused it: nothing was seen. */
  refused: boolean;
  practice: string;
  description: string;
}

export function AccessEntry({ access }: { access: Access }) {
  const t = useT(accessMessages);
  const w = useT(accessWords);
  const locale = useLocale();
  const roles = access.roles.map((role) => lookup(w, 'role', role) ?? role).join(', ');
  const action = lookup(w, 'action', access.action, 'action_other');
  const category = lookup(w, 'cat', access.dataCategory, 'cat_other');
  const why = lookup(w, 'why', access.why) ?? t('whyUnknown');
  const reason = lookup(w, 'reason', access.breakGlassReason);

  return (
    <Paper
      withBorder
      p="sm"
      component="li"
      mb="xs"
      bg={access.breakGlass ? 'red.0' : undefined}
      bd={access.breakGlass ? '2px solid red.9' : undefined}
    >
      <Stack gap={4}>
        <Group gap="xs" justify="space-between">
          <Text fw={700}>
            {access.who}
            {roles ? ` · ${roles}` : ''}
            {access.onBehalfOf ? ` (${t('asProxy')})` : ''}
          </Text>
          <Text size="sm">
            <time dateTime={access.at}>{formatDateTime(access.at, locale)}</time>
            {access.practice ? ` ${t('at', { practice: access.practice })}` : ''}
          </Text>
        </Group>
        {access.breakGlass && (
          <Stack gap={4} align="flex-start">
            <Badge color="red.9" variant="filled">
              {t('emergency')}
            </Badge>
            <Text size="sm" fw={600}>
              {t('emergencyWords', { who: access.who })}
              {reason ? ` ${t('emergencyReason', { reason })}` : ''}
            </Text>
          </Stack>
        )}
        <Text size="sm">
          {t('what', {
            what: access.refused
              ? t('refused', { category: category ?? '' })
              : access.action === 'break_glass'
                ? w('bg_opened')
                : `${action} ${category}`,
          })}
        </Text>
        {!access.refused && <Text size="sm">{t('why', { why })}</Text>}
      </Stack>
    </Paper>
  );
}
