/** The proxies of my record at one practice: who, how related, what they can do, and since when. */
import { Badge, Group, List, Paper, Stack, Text } from '@mantine/core';
import { formatDate } from '../../components/dates';
import { QueryState } from '../../components/query-state';
import { useLocale, useT } from '../../i18n/i18n';
import { proxiesMessages, type ProxiesMessageKey } from './messages';
import { RevokeProxyButton } from './revoke-proxy-button';
import { useMyProxies, type ProxyGrant } from './use-proxies';

function useWord() {
  const t = useT(proxiesMessages);
  return (prefix: string, code: string) => {
    const key = `${prefix}_${code}`;
    return key in proxiesMessages.en ? t(key as ProxiesMessageKey) : code;
  };
}

function GrantItem({ grant, onChange }: { grant: ProxyGrant; onChange: (text: string) => void }) {
  const t = useT(proxiesMessages);
  const word = useWord();
  const locale = useLocale();
  const active = grant.status === 'active';
  return (
    <Paper withBorder p="sm" mb="xs" component="li">
      <Stack gap={4}>
        <Group gap="xs" justify="space-between">
          <Text fw={700}>{grant.proxyDisplayName}</Text>
          <Badge color={active ? 'teal.9' : 'gray.8'} variant={active ? 'filled' : 'outline'}>
            {word('gs', grant.status)}
          </Badge>
        </Group>
        <Text size="sm">
          {t('relationship', { relationship: word('rel', grant.relationship) })}
        </Text>
        <Text size="sm">
          {t('canDo', { scopes: grant.scopes.map((s) => word('scope', s)).join(', ') })}
        </Text>
        <Text size="sm">
          {t('since', { date: formatDate(grant.grantedAt, locale) })}
          {grant.expiresAt && active
            ? ` · ${t('expires', { date: formatDate(grant.expiresAt, locale) })}`
            : ''}
          {grant.revokedAt ? ` · ${t('ended', { date: formatDate(grant.revokedAt, locale) })}` : ''}
        </Text>
        {active && (
          <div>
            <RevokeProxyButton grant={grant} onRevoked={onChange} />
          </div>
        )}
      </Stack>
    </Paper>
  );
}

export function ProxyGrantsList({
  tenantId,
  onChange,
}: {
  tenantId: string;
  onChange: (text: string) => void;
}) {
  const t = useT(proxiesMessages);
  const grants = useMyProxies(tenantId);
  return (
    <QueryState query={grants}>
      {(list) =>
        list.length === 0 ? (
          <Text>{t('noProxies')}</Text>
        ) : (
          <List listStyleType="none" spacing="xs" p={0} m={0}>
            {list.map((grant) => (
              <GrantItem key={grant.id} grant={grant} onChange={onChange} />
            ))}
          </List>
        )
      }
    </QueryState>
  );
}
