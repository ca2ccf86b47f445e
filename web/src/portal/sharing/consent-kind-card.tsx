/**
 * One kind of permission: what it means in plain words, whether it is given, and the button
 * to give or take it back. Sharing with a provider can be given to several providers, each
 * taken back on its own.
 */
import { Badge, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { formatDate } from '../../components/dates';
import { FormError } from '../../components/form-error';
import { useLocale, useT } from '../../i18n/i18n';
import { sharingMessages, type SharingMessageKey } from './messages';
import { WrappingButton } from '../frame/wrapping-button';
import { ProviderGrantForm } from './provider-grant-form';
import { RevokeButton } from './revoke-button';
import { useGrantConsent, type Consent, type ConsentKindInfo } from './use-consents';

function known(key: string): key is SharingMessageKey {
  return key in sharingMessages.en;
}

export function ConsentKindCard({
  info,
  consents,
  onChange,
}: {
  info: ConsentKindInfo;
  consents: Consent[];
  onChange: (announcement: string) => void;
}) {
  const t = useT(sharingMessages);
  const locale = useLocale();
  const grant = useGrantConsent();
  const kindKey = `kind_${info.kind}`;
  const meaningKey = `meaning_${info.kind}`;
  const label = known(kindKey) ? t(kindKey) : info.kind;
  const meaning = known(meaningKey) ? t(meaningKey) : info.meaning;
  const active = consents.filter((c) => c.status === 'active');
  const revoked = consents.filter((c) => c.status === 'revoked');
  const given = active.length > 0;

  return (
    <Paper withBorder p="md" component="article">
      <Stack gap="xs">
        <Group gap="sm" justify="space-between">
          <Title order={3} size="h4">
            {label}
          </Title>
          <Badge color={given ? 'teal.9' : 'gray.8'} variant={given ? 'filled' : 'outline'}>
            {given ? t('stateGiven') : t('stateNotGiven')}
          </Badge>
        </Group>
        <Text size="sm">{meaning}</Text>
        {active.length > 0 && (
          <List size="sm" spacing="xs">
            {active.map((consent) => (
              <List.Item key={consent.id}>
                <Group gap="sm">
                  <Text size="sm">
                    {consent.grantee ? `${consent.grantee.name} · ` : ''}
                    {t('givenOn', { date: formatDate(consent.grantedAt, locale) })}
                    {consent.period?.end
                      ? ` ${t('until', { date: formatDate(consent.period.end, locale) })}`
                      : ''}
                  </Text>
                  <RevokeButton
                    consentId={consent.id}
                    kindLabel={consent.grantee ? `${label} (${consent.grantee.name})` : label}
                    label={
                      consent.grantee
                        ? t('revokeFor', { name: consent.grantee.name })
                        : t('revoke', { kind: label })
                    }
                    onRevoked={() => onChange(t('revoked', { kind: label }))}
                  />
                </Group>
              </List.Item>
            ))}
          </List>
        )}
        {revoked.length > 0 && (
          <>
            <Text size="sm" fw={600}>
              {t('history')}
            </Text>
            <List size="sm">
              {revoked.map((consent) => (
                <List.Item key={consent.id}>
                  {consent.grantee ? `${consent.grantee.name} · ` : ''}
                  {t('givenOn', { date: formatDate(consent.grantedAt, locale) })}
                  {' · '}
                  {t('revokedOn', { date: formatDate(consent.updatedAt, locale) })}
                </List.Item>
              ))}
            </List>
          </>
        )}
        {info.needsGrantee ? (
          <ProviderGrantForm onGranted={() => onChange(t('granted', { kind: label }))} />
        ) : (
          !given && (
            <div>
              <WrappingButton
                size="sm"
                loading={grant.isPending}
                onClick={() =>
                  // This button leaves the page once given: the promise still resolves.
                  void grant.mutateAsync({ kind: info.kind }).then(
                    () => onChange(t('granted', { kind: label })),
                    () => undefined,
                  )
                }
              >
                {t('grant', { kind: label })}
              </WrappingButton>
              <FormError error={grant.error} />
            </div>
          )
        )}
      </Stack>
    </Paper>
  );
}
