namespace Chama.Core.Tests.Loans;

public class LendingFundTests
{
    private static FundMovement Move(FundMovementKind kind, long shillings) => new(kind, Money.Kes(shillings));

    [Fact]
    public void The_fund_counts_cash_savings_earnings_and_what_is_lent_out()
    {
        var fund = LendingFund.Of("KES",
        [
            Move(FundMovementKind.SavingsPaidIn, 10_000),
            Move(FundMovementKind.SavingsPaidIn, 5_000),
            Move(FundMovementKind.LoanPaidOut, 8_000),
            Move(FundMovementKind.PenaltyRepaid, 50),
            Move(FundMovementKind.InterestRepaid, 80),
            Move(FundMovementKind.PrincipalRepaid, 3_000),
            Move(FundMovementKind.SavingsPaidOut, 1_000),
            Move(FundMovementKind.EarningsPaidOut, 30),
        ]);

        Assert.Equal(Money.Kes(15_000 - 8_000 + 50 + 80 + 3_000 - 1_000 - 30), fund.Balance);
        Assert.Equal(Money.Kes(14_000), fund.Savings);
        Assert.Equal(Money.Kes(100), fund.Earnings);
        Assert.Equal(Money.Kes(5_000), fund.LentOut);
        Assert.Equal(Money.Kes(14_100), fund.Pooled);
    }

    [Fact]
    public void A_negative_movement_is_refused() =>
        Assert.Equal(
            ChamaError.InvalidAmount,
            Assert.Throws<ChamaException>(() => LendingFund.Empty("KES").With(Move(FundMovementKind.SavingsPaidIn, -1))).Error);

    [Fact]
    public void A_movement_in_another_currency_is_refused() =>
        Assert.Equal(
            ChamaError.CurrencyMismatch,
            Assert.Throws<ChamaException>(() => LendingFund.Empty("KES").With(new FundMovement(FundMovementKind.SavingsPaidIn, new Money(100, "USD")))).Error);

    // 500 seeded random chama years: members save, borrow within the limits, are charged interest and penalties, repay,
    // withdraw, have loans recovered from a guarantor's savings, and share out. After every movement the fund's cash
    // equals the cash the simulation moved, equals savings + earnings − principal lent + principal repaid, and is never
    // negative; every loan made keeps what is lent out within the lend percent of the pooled fund.
    [Fact]
    public void The_pooled_fund_always_equals_savings_plus_earnings_less_lent_plus_repaid_and_is_never_negative()
    {
        for (var seed = 0; seed < 500; seed++)
        {
            new ChamaYear(new Random(seed)).Run(steps: 60);
        }
    }

    private sealed class ChamaYear(Random random)
    {
        private static readonly Money Nothing = Money.Kes(0);

        private readonly LoanRules rules = LoanRules.None with
        {
            SavingsMultiple = random.Next(1, 5),
            Cap = random.Next(0, 2) == 0 ? null : Money.Kes(random.Next(1, 50) * 1_000),
            Method = random.Next(0, 2) == 0 ? InterestMethod.Flat : InterestMethod.Reducing,
            MonthlyRateBasisPoints = random.Next(0, 501),
            LendPercent = random.Next(0, 101),
        };

        private readonly Money[] savings = Enumerable.Repeat(Nothing, random.Next(2, 7)).ToArray();
        private readonly Loan?[] loans = new Loan?[6];
        private LendingFund fund = LendingFund.Empty("KES");
        private Money cash = Nothing;

        public void Run(int steps)
        {
            for (var step = 0; step < steps; step++)
            {
                var member = random.Next(savings.Length);
                switch (random.Next(6))
                {
                    case 0: Save(member); break;
                    case 1: Borrow(member); break;
                    case 2: Charge(member); break;
                    case 3: Repay(member, Money.Kes(random.Next(1, 20_000))); break;
                    case 4: Withdraw(member); break;
                    default: Recover(member, random.Next(savings.Length)); break;
                }

                Check();
            }

            ShareOutTheYear();
        }

        private void Save(int member)
        {
            var amount = Money.Kes(random.Next(1, 5_000));
            savings[member] += amount;
            cash += amount;
            Apply(FundMovementKind.SavingsPaidIn, amount);
        }

        private void Borrow(int member)
        {
            var facts = new LoanRequestFacts(
                Money.Kes(random.Next(1, 30_000)), 1, rules, savings[member], loans[member] is not null, fund.Pooled, fund.LentOut);
            try
            {
                LoanLimits.Check(facts);
            }
            catch (ChamaException refused)
            {
                Assert.Contains(refused.Error, new[] { ChamaError.LoanAlreadyOpen, ChamaError.LoanAboveLimit, ChamaError.LendingFundExhausted });
                return;
            }

            loans[member] = new Loan(facts.Amount, facts.Amount, Nothing, Nothing);
            cash -= facts.Amount;
            Apply(FundMovementKind.LoanPaidOut, facts.Amount);
            Assert.True(fund.LentOut.Minor * 100 <= (decimal)fund.Pooled.Minor * rules.LendPercent, $"Lent beyond {rules.LendPercent}%: {fund}");
        }

        private void Charge(int member)
        {
            if (loans[member] is not { } loan)
            {
                return;
            }

            var interest = LoanInterest.ForPeriod(rules.Method, rules.MonthlyRateBasisPoints, loan.Original, loan.Principal, 100);
            var penalty = random.Next(0, 2) == 0 ? Nothing : Money.Kes(random.Next(0, 200));
            loans[member] = loan with { Interest = loan.Interest + interest, Penalty = loan.Penalty + penalty };
        }

        // A borrower hands over an amount; what the loan does not owe is handed back.
        private void Repay(int member, Money amount)
        {
            if (loans[member] is not { } loan)
            {
                return;
            }

            var split = RepaymentSplit.Apply(amount, loan.Penalty, loan.Interest, loan.Principal);
            cash += split.Parts.Total;
            ApplyRepayment(member, split);
        }

        private void Withdraw(int member)
        {
            var most = Money.Min(savings[member], fund.Balance);
            if (!most.IsPositive)
            {
                return;
            }

            var amount = new Money(random.NextInt64(1, most.Minor + 1));
            savings[member] -= amount;
            cash -= amount;
            Apply(FundMovementKind.SavingsPaidOut, amount);
        }

        // A guarantor's savings repay a defaulted loan: no cash moves, savings become repayment.
        private void Recover(int borrower, int guarantor)
        {
            if (loans[borrower] is not { } loan || guarantor == borrower || !savings[guarantor].IsPositive)
            {
                return;
            }

            var amount = Money.Min(savings[guarantor], loan.Owed);
            savings[guarantor] -= amount;
            Apply(FundMovementKind.SavingsPaidOut, amount);
            ApplyRepayment(borrower, RepaymentSplit.Apply(amount, loan.Penalty, loan.Interest, loan.Principal));
        }

        // A loan larger than the borrower's savings is repaid before the share-out; smaller ones are deducted from it.
        private void ShareOutTheYear()
        {
            for (var member = 0; member < savings.Length; member++)
            {
                if (loans[member] is { } loan && loan.Owed > savings[member])
                {
                    Repay(member, loan.Owed);
                }
            }

            var members = savings.Select((saved, i) => new ShareOutInput(i, saved, loans[i]?.Owed ?? Nothing)).ToList();
            if (members.All(m => m.Savings.IsZero))
            {
                return;
            }

            var earnings = fund.Earnings;
            var lines = ShareOut.Compute(members, earnings);
            Assert.Equal(earnings, lines.Aggregate(Nothing, (sum, l) => sum + l.Earnings));
            foreach (var line in lines)
            {
                var member = (int)line.MemberId;
                cash -= line.Payout;
                Apply(FundMovementKind.SavingsPaidOut, line.Savings);
                Apply(FundMovementKind.EarningsPaidOut, line.Earnings);
                savings[member] = Nothing;
                if (loans[member] is { } loan)
                {
                    ApplyRepayment(member, RepaymentSplit.Apply(line.LoanDeducted, loan.Penalty, loan.Interest, loan.Principal));
                }

                Check();
            }

            Assert.Equal(Nothing, fund.Savings);
            Assert.Equal(Nothing, fund.LentOut);
        }

        private void ApplyRepayment(int member, RepaymentSplit split)
        {
            var loan = loans[member]!;
            Apply(FundMovementKind.PenaltyRepaid, split.Penalty);
            Apply(FundMovementKind.InterestRepaid, split.Interest);
            Apply(FundMovementKind.PrincipalRepaid, split.Principal);
            var left = loan with { Penalty = loan.Penalty - split.Penalty, Interest = loan.Interest - split.Interest, Principal = loan.Principal - split.Principal };
            loans[member] = left.Owed.IsZero ? null : left;
        }

        private void Apply(FundMovementKind kind, Money amount) => fund = fund.With(new FundMovement(kind, amount));

        // After each whole step (a repayment's three parts, a payout with its deduction) the books agree.
        private void Check()
        {
            Assert.Equal(cash, fund.Balance);
            Assert.Equal(fund.Savings + fund.Earnings - fund.PrincipalLent + fund.PrincipalRepaid, fund.Balance);
            Assert.False(fund.Balance.IsNegative, $"The fund went below zero: {fund}");
        }
    }

    // What one member's loan still owes.
    private sealed record Loan(Money Original, Money Principal, Money Interest, Money Penalty)
    {
        public Money Owed => Principal + Interest + Penalty;
    }
}
