/** Taking back a permission, after a confirmation dialog naming the kind of permission. */
import { useT } from '../../i18n/i18n';
import { ConfirmRevokeButton } from '../frame/confirm-revoke-button';
import { sharingMessages } from './messages';
import { useRevokeConsent } from './use-consents';

export function RevokeButton({
  consentId,
  label,
  kindLabel,
  onRevoked,
}: {
  consentId: string;
  label: string;
  kindLabel: string;
  onRevoked: () => void;
}) {
  const t = useT(sharingMessages);
  const revoke = useRevokeConsent();
  return (
    <ConfirmRevokeButton
      id={consentId}
      revoke={revoke}
      words={{
        label,
        title: t('confirmTitle'),
        body: t('confirmBody', { kind: kindLabel }),
        cancel: t('cancel'),
        confirm: t('confirmYes'),
      }}
      onRevoked={onRevoked}
    />
  );
}
