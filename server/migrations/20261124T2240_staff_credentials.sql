-- Staff credentials and clearance (SEC-7, USE-10): before staff reach patient data, Haven checks
-- in the same tenant transaction as the access that they hold a strong second factor (an
-- authenticator app or a passkey). The MFA tables are platform tables that haven_app was given
-- nothing on; the clearance check needs only whether a factor exists, so haven_app may read the
-- columns that say so and nothing else: no secret, public key, counter or device name.
-- A transaction cannot open another (see db/transactions.ts), so without this the check would
-- have to run in a separate system transaction before the access, and could go stale.

GRANT SELECT (user_id, state) ON mfa_totp TO haven_app;
GRANT SELECT (user_id) ON mfa_passkey TO haven_app;
