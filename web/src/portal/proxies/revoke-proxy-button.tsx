/** Taking back a proxy's access, after a confirmation dialog naming the person. */
import { useT } from '../../i18n/i18n';
import { ConfirmRevokeButton } from '../frame/confirm-revoke-button';
import { proxiesMessages } from './messages';
import { useRevokeProxy, type ProxyGrant } from './use-proxies';

export function RevokeProxyButton({
  grant,
  onRevoked,
}: {
  grant: ProxyGrant;
  onRevoked: (announcement: string) => void;
}) {
  const t = useT(proxiesMessages);
  const revoke = useRevokeProxy();
  const name = grant.proxyDisplayName;
  return (
    <ConfirmRevokeButton
      id={grant.id}
      revoke={revoke}
      words={{
        label: t('revoke', { name }),
        title: t('confirmTitle'),
        body: t('confirmBody', { name }),
        cancel: t('cancel'),
        confirm: t('confirmYes'),
      }}
      onRevoked={() => onRevoked(t('revoked', { name }))}
    />
  );
}
