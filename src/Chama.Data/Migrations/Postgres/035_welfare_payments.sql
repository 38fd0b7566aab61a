-- A member may pay into the welfare fund of their own will, by M-Pesa: a payment request may now pay 'Welfare'.
ALTER TABLE payment_requests DROP CONSTRAINT payment_requests_purpose_check;
ALTER TABLE payment_requests ADD CONSTRAINT payment_requests_purpose_check CHECK (purpose IN ('Contribution', 'Fines', 'Welfare'));

-- A member's statement lists the pots paid to them: found by recipient, not by reading every payout.
CREATE INDEX disbursements_by_recipient ON disbursements (recipient_member_id);
