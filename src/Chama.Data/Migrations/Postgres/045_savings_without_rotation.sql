-- A chama may keep savings instead of a rotation (a contribution of zero, which the constitution allows only beside
-- savings), and savings and loan repayments are paid at any time, in a cycle or not: a push for them names no round.
ALTER TABLE constitutions DROP CONSTRAINT constitutions_contribution_minor_check;
ALTER TABLE constitutions ADD CONSTRAINT constitutions_contribution_minor_check CHECK (contribution_minor >= 0);
ALTER TABLE payment_requests ALTER COLUMN round_id DROP NOT NULL;
-- Every other purpose still names the round it was made in.
CREATE TRIGGER payment_requests_round_named BEFORE INSERT ON payment_requests FOR EACH ROW
    WHEN (NEW.round_id IS NULL AND NEW.purpose NOT IN ('Savings', 'Loan')) EXECUTE FUNCTION refuse_change('a payment request names its round');
