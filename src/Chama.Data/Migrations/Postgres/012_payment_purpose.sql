-- What an M-Pesa payment request pays: the member's contribution to the round, or the late fines the member owes (paid
-- into the welfare fund). Requests made before this column were all contributions.
ALTER TABLE payment_requests ADD COLUMN purpose TEXT NOT NULL DEFAULT 'Contribution' CHECK (purpose IN ('Contribution', 'Fines'));
