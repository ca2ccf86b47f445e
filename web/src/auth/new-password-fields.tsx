/**
 * Choosing a new password: the password (with what the policy asks for) and the same password
 * again, so a typo does not lock the person out. The page checks the two match before sending.
 */
import { useT } from '../i18n/i18n';
import { authMessages } from './messages';
import { PasswordField } from './password-field';

export interface NewPassword {
  password: string;
  again: string;
}

/** True when both fields are filled and differ: the form shows an error instead of sending. */
export function passwordsDiffer(value: NewPassword): boolean {
  return value.again !== '' && value.password !== value.again;
}

export function NewPasswordFields({
  label,
  value,
  onChange,
  error,
  checked,
}: {
  label: string;
  value: NewPassword;
  onChange: (value: NewPassword) => void;
  /** The server's words about the new password, if it refused it. */
  error?: string;
  /** The form was submitted: a mismatch is now shown. */
  checked: boolean;
}) {
  const t = useT(authMessages);
  return (
    <>
      <PasswordField
        label={label}
        description={t('passwordHint')}
        autoComplete="new-password"
        required
        withAsterisk={false}
        value={value.password}
        error={error}
        onChange={(event) => onChange({ ...value, password: event.currentTarget.value })}
      />
      <PasswordField
        label={t('confirmPassword')}
        autoComplete="new-password"
        required
        withAsterisk={false}
        value={value.again}
        error={checked && passwordsDiffer(value) ? t('passwordsDiffer') : undefined}
        onChange={(event) => onChange({ ...value, again: event.currentTarget.value })}
      />
    </>
  );
}
