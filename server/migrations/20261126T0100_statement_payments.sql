-- Payments toward a patient's statements (DATA-5). The statement itself is a FHIR Invoice in
-- the patient's record; a payment is a money movement at the card processor, so it lives here,
-- with what reconciling it needs. Card numbers never reach this table or any other: the
-- browser gives the card to the processor and Haven receives the processor's token for it.
--
-- In clear: opaque ids, the amount, the state and times. The processor's payment reference,
-- the token, the card brand and last 4 digits, and a decline's reason are in `sealed`,
-- encrypted with the practice's key, with tenant, 'StatementPayment', id and version 1 bound as
-- associated data.
--
-- A payment is 'pending' from before the processor is asked until its answer is stored, so a
-- crash in between leaves a trace, and a retry with the same idempotency key asks the
-- processor again with that key and token (which answers the first outcome, never charging
-- twice). At most one payment per statement is pending at a time: two at once could pay it
-- twice over. A payment left pending (its page closed) is finished the same way by the next
-- payment of the statement, so it never blocks the statement.
CREATE TABLE statement_payment (
  tenant_id uuid NOT NULL REFERENCES practice (id),
  id uuid NOT NULL,
  patient_id uuid NOT NULL,
  statement_id uuid NOT NULL,
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'declined')),
  processor text NOT NULL,
  idempotency_key uuid NOT NULL,
  paid_by uuid NOT NULL REFERENCES app_user (id),
  created_at timestamptz NOT NULL,
  settled_at timestamptz,
  sealed bytea NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, idempotency_key),
  CHECK ((status = 'pending') = (settled_at IS NULL))
);
CREATE INDEX statement_payment_statement ON statement_payment (tenant_id, statement_id);
CREATE UNIQUE INDEX statement_payment_one_pending ON statement_payment (tenant_id, statement_id)
  WHERE status = 'pending';

SELECT haven_add_tenant_wall('statement_payment');

-- Settling a pending payment is the only change; nothing is ever deleted.
GRANT SELECT, INSERT, UPDATE ON statement_payment TO haven_app;
