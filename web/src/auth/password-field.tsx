/**
 * A password input whose show/hide button is named in the reader's language and reachable by
 * keyboard (Mantine's default is an English name and no tab stop).
 */
import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { useT } from '../i18n/i18n';
import { authMessages } from './messages';

export function PasswordField(props: PasswordInputProps) {
  const t = useT(authMessages);
  return (
    <PasswordInput
      visibilityToggleFocusable
      visibilityToggleButtonProps={{ 'aria-label': t('showTyped') }}
      {...props}
    />
  );
}
