using Chama.Conversations.Texts;
using Chama.Core;

namespace Chama.Conversations.Tests;

/// <summary>Every template parses, exists in both languages, and renders with the variables the code gives it.</summary>
public class TemplateTests
{
    private static readonly MessageTexts Texts = MessageTexts.LoadEmbedded();

    /// <summary>The samples for a shillings chama, which most tests below read.</summary>
    private static readonly Dictionary<string, object?> Samples = SamplesIn(Currencies.Kes);

    /// <summary>
    /// A sample of the model the code passes for each template, for a chama in <paramref name="currency"/>: every amount
    /// is formatted in it, as the code formats the chama's money. A new template needs its sample here.
    /// </summary>
    internal static Dictionary<string, object?> SamplesIn(string currency)
    {
        string M(long major) => Money.Major(major, currency).ToString();
        string A(long major) => Money.Major(major, currency).FormatAmount();
        var mpesa = MpesaReach.Serves(currency);
        return new()
            {
            ["not_member"] = new { phone = "+254799000099" },
            ["founding_step"] = new
            {
                step = "confirm", hint = "Rule changed.", name = "Jirani Savers", code = "JIRANI", first_meeting = "1 Feb 2026", founder = "Achieng Otieno", seat = 1,
                today = "10/1/2026", rules = $"Jirani Savers constitution:\nRule 1: contribution {M(5_000)} a member, every month.", approval = true,
            },
            ["founding_hint"] = new { error = "MpesaUnavailable", min_code = 3, max_code = 8, min = NewPaymentRequest.Minimum.ToString(), max = NewPaymentRequest.Maximum.ToString(), max_seat = 100 },
            ["founding_refused"] = new { reason = "limit", limit = 3 },
            ["chama_founded"] = new { chama = "Jirani Savers", code = "JIRANI", seat = 1, awaiting = true },
            ["chama_approved"] = new { chama = "Jirani Savers", code = "JIRANI" },
            ["chama_awaiting"] = new { chama = "Jirani Savers" },
            ["choose_chama"] = new { chamas = new[] { new { number = 1, name = "Umoja" }, new { number = 2, name = "Jirani" } } },
            ["menu"] = new { hint = "", chama = "Umoja Investment Club", officer = true, several = true, lends = true },
            ["no_round"] = new { chama = "Umoja" },
            ["pay_due"] = new { round = 1, due_date = "31 Jan 2026", due = M(10_000), paid_up = false, fines = M(400), levy = M(100), savings = M(1_000), loan = "L5", loan_due = M(10_300) },
            ["pay_amount"] = new { min = NewPaymentRequest.Minimum.ToString(), max = NewPaymentRequest.Maximum.ToString(), purpose = "welfare", savings = M(1_000) },
            ["pay_amount_invalid"] = new { min = NewPaymentRequest.Minimum.ToString(), max = NewPaymentRequest.Maximum.ToString() },
            ["pay_by_officer"] = new { reason = mpesa ? "phone" : "currency", chama = "Umoja", currency, treasurer = "Grace Wanjiku" },
            ["pay_confirm"] = new { amount = M(10_000), chama = "Umoja", round = 1, phone = "+254711000004", fines = false, levy = false, levy_only = false, welfare = true, savings = false, loan = "" },
            ["pay_started"] = new { amount = M(10_000) },
            ["balance"] = new
            {
                chama = "Umoja", cycle = 1, paid = M(0), due = M(10_000), round = 1, arrears = M(0), credit = M(0), welfare = M(0), fines = M(200), levy = M(100), welfare_owed = false, turn_round = 4, turn_date = "30 Apr 2026",
                savings = M(5_000), savings_due = M(1_000), pledged = M(2_500), loan = "L5", loan_stage = "Repaying", loan_owed = M(20_300), next = M(10_300), next_date = "11 Mar 2026", late = 1,
            },
            ["pending"] = new { round = 1, count = 2, defaulters = new[] { new { name = "Samuel", owes = M(9_000) } }, more = 1, collected = $"Collected: {M(31_000)} / {A(40_000)}" },
            ["pending_none"] = new { round = 1, collected = $"Collected: {M(40_000)} / {A(40_000)}" },
            ["pending_hidden"] = new { chama = "Umoja" },
            ["collected"] = new { collected = M(30_000), expected = A(40_000) },
            ["welfare_reason"] = new { max = 140 },
            ["welfare_amount"] = new { currency },
            ["welfare_amount_invalid"] = new { limit = M(20_000), currency, example = Money.Major(100, currency).FormatPlain() },
            ["welfare_confirm"] = new { amount = M(5_000), kind = "hospital", reason = "Admitted" },
            ["welfare_sent"] = new { code = "W1", amount = M(5_000) },
            ["welfare_officer_notice"] = new { code = "W1", member = "Samuel", amount = M(5_000), kind = "hospital", reason = "Admitted" },
            ["approvals_list"] = new
            {
                items = new[]
                {
                    new { number = 1, code = "P1", swap = false, amount = M(40_000), name = "Grace", requester = "", requester_round = 0, counterpart = "", counterpart_round = 0, arrears = "", rule = "", joiner = "", round = 0, change = "", change_to = "", fund = "", approvals = 0, required = 2, voted = false },
                    new { number = 2, code = "S5", swap = true, amount = "", name = "", requester = "Samuel", requester_round = 4, counterpart = "Diana", counterpart_round = 3, arrears = $"Samuel {M(10_000)}", rule = "", joiner = "", round = 0, change = "", change_to = "", fund = "", approvals = 1, required = 2, voted = true },
                    new { number = 3, code = "R4", swap = false, amount = "", name = "", requester = "", requester_round = 0, counterpart = "", counterpart_round = 0, arrears = "", rule = $"the late fine to {M(200)}", joiner = "", round = 0, change = "", change_to = "", fund = "", approvals = 1, required = 2, voted = false },
                    new { number = 4, code = "J3", swap = false, amount = "", name = "", requester = "", requester_round = 0, counterpart = "", counterpart_round = 0, arrears = "", rule = "", joiner = "Esther", round = 2, change = "", change_to = "", fund = "", approvals = 1, required = 2, voted = false },
                    new { number = 5, code = "N6", swap = false, amount = "", name = "Patrick", requester = "", requester_round = 0, counterpart = "", counterpart_round = 0, arrears = "", rule = "", joiner = "", round = 0, change = "payout_phone", change_to = "+254799000099", fund = "", approvals = 1, required = 2, voted = false },
                },
                more = 0,
            },
            ["approval_swap_item"] = new
            {
                code = "S5", requester = "Samuel", requester_round = 4, requester_date = "30 Apr 2026", counterpart = "Diana", counterpart_round = 3, counterpart_date = "31 Mar 2026",
                arrears = $"Samuel {M(10_000)}", approvals = 1, required = 2, lapses = "31 Mar 2026",
            },
            ["approval_change_item"] = new { code = "N6", kind = "payout_phone", member = "Patrick", change_to = "+254799000099", proposer = "Grace", hours = 24, approvals = 1, required = 2, voted = false },
            ["statement_proposed"] = new { chama = "Umoja", officer = "Grace", code = "U1", payout = "P12", amount = M(40_000), paid = true, receipt = "TKL919G2AV", approvals = 1, required = 2, voter = true },
            ["statement_refused"] = new { reason = "proposed", payout = "P12", code = "U1" },
            ["payment_recorded"] = new { officer_copy = false, already = false, chama = "Umoja", officer = "Grace", name = "Diana", seat = 3, amount = M(12_950), paid = "USD 100.00", rate = "129.50", fund = "pot", loan = "", round = 1, reference = "CASH-260112-7KQ4ZB", note = "paid at the meeting" },
            ["record_refused"] = new { reason = "usage", seat = 3, reference = "CASH-260112-7KQ4ZB", currency, max = 140 },
            ["payment_disputed"] = new { outcome = "disputed", officer_copy = true, chama = "Umoja", name = "Diana", seat = 3, amount = M(5_000), reference = "CASH-260112-7KQ4ZB", recorder = "Grace" },
            ["correction_proposed"] = new { outcome = "proposed", voter = true, chama = "Umoja", officer = "Patrick", reference = "CASH-260112-7KQ4ZB", code = "C1", amount = M(5_000), name = "Diana", recorder = "Grace", reason = "counted twice", approvals = 1, required = 2 },
            ["dashboard_payments"] = new { part = "row_refused", row = 3, seat = 7, name = "Samuel", reason = "No active member sits on seat 7.", count = 20, currency, detail = "bad quote" },
            ["record_step"] = new { step = "method", name = "Samuel Kimani", currency, amount = M(5_000), bank = false },
            ["payment_reversed"] = new { chama = "Umoja", amount = M(5_000), name = "Diana", reference = "CASH-260112-7KQ4ZB", code = "C1", reason = "counted twice", welfare = false },
            ["decision_outcome"] = new { outcome = "carried", kind = "payout_phone", code = "N6", approvals = 2, required = 2 },
            ["member_change_proposed"] = new
            {
                chama = "Umoja", officer = "Grace", kind = "payout_phone", code = "N6", name = "Patrick", roles = "chair", phone = "+254799000099", required = 2, hours = 24, from = "", reason = "", voter = true,
            },
            ["member_change_made"] = new
            {
                chama = "Umoja", officer = "Diana", kind = "payout_phone", code = "N6", name = "Patrick", roles = "chair", phone = "+254799000099", required = 2, hours = 24, from = "3 Dec 2026 09:00", reason = "", voter = false,
            },
            ["member_change_rejected"] = new
            {
                chama = "Umoja", officer = "Diana", kind = "role", code = "O2", name = "Esther", roles = "secretary", phone = "+254700000005", required = 2, hours = 24, from = "", reason = "not agreed at the meeting", voter = false,
            },
            ["approval_rule_item"] = new { code = "R4", rule = $"the late fine to {M(200)}", proposer = "Patrick", approvals = 1, required = 2, voted = true },
            ["approval_join_item"] = new
            {
                code = "J3", member = "Esther", seat = 5, proposer = "Grace", amount = M(10_000), round = 2, due_date = "28 Feb 2026", own_round = 5, own_date = "31 May 2026",
                approvals = 1, required = 2, voted = false,
            },
            ["approval_item"] = new { code = "P1", what = "round 1 pot", amount = M(40_000), name = "Grace", approvals = 1, required = 2, fund = "" },
            ["welfare_fund_short"] = new { fund = M(3_000), amount = M(5_000), retry = true },
            ["welfare_closed"] = new { code = "W1", member = "Samuel", amount = M(5_000), fund = M(3_000), requester = true },
            ["approval_reason"] = new { code = "P1" },
            ["approval_recorded"] = new { code = "W1", approvals = 2, required = 2, complete = true, payout = true, by_hand = !mpesa, cooling = 12 },
            ["rejection_recorded"] = new { code = "P1", reason = "not yet" },
            ["approval_own"] = new { code = "P1" },
            ["approval_already"] = new { code = "P1" },
            ["approval_not_open"] = new { code = "P1" },
            ["receipt"] = new { amount = M(10_000), name = "Diana", receipt = "QKJ4HT8MZP", chama = "Umoja", round = 1, remainder = "" },
            ["payment_not_started"] = new { amount = M(10_000) },
            ["payment_failed"] = new { code = "1032", amount = M(10_000) },
            ["payment_unconfirmed"] = new { amount = M(10_000) },
            ["pot_ready"] = new { chama = "Umoja", round = 1, amount = M(40_000), recipient = "Grace", left = false, code = "P1", required = 2 },
            ["payout_received"] = new { chama = "Umoja", amount = M(40_000), kind = "pot", phone = "+2547******01", transaction = "UAB1CD2EF3", code = "P1", paid_by = mpesa ? "mpesa" : "cash", officer = "Patrick" },
            ["payout_completed"] = new { code = "P1", amount = M(40_000), kind = "pot", recipient = "Grace", transaction = "UAB1CD2EF3", paid_by = mpesa ? "mpesa" : "bank", officer = "Patrick" },
            ["payout_failed"] = new { code = "P1", amount = M(40_000), recipient = "Grace", reason = "2040 recipient not registered" },
            ["payout_unconfirmed"] = new { code = "P1", amount = M(40_000), recipient = "Grace", phone = "+254712000001", sent = "2 Dec 2026 09:00" },
            ["payouts_unconfirmed"] = new { payouts = new[] { new { code = "P1", amount = M(40_000), name = "Grace", sent = "2 Dec 2026 09:00" } } },
            ["payouts_awaiting_hand"] = new { payouts = new[] { new { code = "P1", amount = M(40_000), name = "Grace" } } },
            ["payouts_unreceived"] = new { payouts = new[] { new { code = "P1", amount = M(40_000), name = "Grace", paid_by = "cash", reference = "CASH-P1-1", officer = "Patrick", at = "2 Dec 2026 09:00" } } },
            ["payout_paid_by_hand"] = new { code = "P1", amount = M(40_000), name = "Grace", paid_by = "cash", reference = "CASH-P1-1" },
            ["payout_paid_by_hand_refused"] = new { code = "P1", reason = "own" },
            ["payout_confirmed"] = new { code = "P1", amount = M(40_000), reference = "CASH-P1-1" },
            ["payout_confirm_refused"] = new { code = "P1" },
            ["paid_by_hand_form"] = new { code = "P1", amount = M(40_000), name = "Grace" },
            ["accounts_labels"] = new { bank = "Barclays 20-00-00 1234", holder = "Grace" },
            ["approval_cannot_pay"] = new { code = "W1", mpesa, min = Disbursement.Minimum.ToString(), max = Disbursement.Maximum.ToString() },
            ["suspense_held"] = new { chama = "Umoja", amount = M(5_000), receipt = "UAB1CD2EF3", reference = "UMOJA-9", id = 3 },
            ["suspense_allocated"] = new { id = 3, amount = M(5_000), receipt = "UAB1CD2EF3", name = "Samuel", round = 1 },
            ["suspense_refused"] = new { reason = "currency", id = 3, seat = 9, currency },
            ["unsent_list"] = new { count = 2, items = new[] { new { name = "Samuel", what = "receipt", error = "21211" } }, more = 1 },
            ["dashboard_code"] = new { code = "042917", minutes = 10 },
            ["pin_enter"] = new { approve = true, code = "P1", record = "" },
            ["pin_wrong"] = new { left = 2 },
            ["pin_locked_notice"] = new { chama = "Umoja", name = "Patrick" },
            ["dashboard_pin"] = new { locked = true },
            ["member_details_changed"] = new { chama = "Umoja", officer = "Grace Wanjiku", name = "Samuel Kimani", changes = "payout phone, roles" },
            ["reminder_before"] = new { name = "Samuel", remainder = M(10_000), chama = "Umoja", round = 1, due_date = "31 Jan 2026", mpesa },
            ["reminder_due"] = new { name = "Samuel", remainder = M(4_000), chama = "Umoja", round = 1, due_date = "31 Jan 2026", mpesa },
            ["reminder_overdue"] = new { name = "Samuel", remainder = M(10_000), chama = "Umoja", round = 1, due_date = "31 Jan 2026", mpesa },
            ["fine_charged"] = new { name = "Samuel", chama = "Umoja", amount = M(200), round = 1, due_date = "31 Jan 2026", grace = 3, id = 7, daily = true, rate = M(200), cap = M(1_000), day = 2 },
            ["swap_held"] = new { to = "Diana", id = 5, arrears = "Samuel", required = 2 },
            ["swap_held_notice"] = new { chama = "Umoja", id = 5, requester = "Diana", requester_round = 3, counterpart = "Samuel", counterpart_round = 4, arrears = "Samuel", required = 2 },
            ["swap_decided"] = new { id = 5, state = "exchanged", approvals = 2, required = 2, reason = "", requester = "Diana", requester_round = 4, counterpart = "Samuel", counterpart_round = 3 },
            ["swap_rejected_notice"] = new { id = 5, officer = "Patrick", reason = "clear the arrears first" },
            ["rules_list"] = new
            {
                chama = "Umoja", contribution = M(10_000), frequency = "monthly", grace = 3, fine = M(200), daily = true, cap = M(1_000), levy = M(0),
                quorum = 2, cooling = 12, pending = true, deduction = 0, limit = M(20_000), phone_delay = 24, founding = false, web = false,
            },
            ["dashboard_share_out"] = new { part = "standing", code = "Y2", status = "open" },
            ["dashboard_loan_approval"] = new { part = "interest_value", borrower = "Samuel", principal = M(9_000), months = 3, rate = "1.5", reducing = true, total_interest = M(270), pledge = M(4_500) },
            ["rules_lending"] = new
            {
                chama = "Umoja", grace = 3, savings = M(1_000), lends = true, multiple = 3, loan_cap = M(100_000), term = 12, lend_limit = 80, rate = "1.5", reducing = true,
                penalty = 10, default_after = 3, guarantors = 2, pledge = 50,
            },
            ["welfare_receipt"] = new { amount = M(500), name = "Samuel", receipt = "QKJ4HT8MZP", chama = "Umoja" },
            ["statement"] = new
            {
                chama = "Umoja", name = "Samuel", cycle = 1, lines = $"31 Jan: round 1 due, {M(10_000)}. Balance {M(-10_000)}", count = 1, page = 1, pages = 2, next = 2, more = true,
                balance = M(-10_000), owed = true, ahead = false, paid = M(0), due = M(10_000), brought = M(500), welfare = M(300), savings = M(2_000),
            },
            ["statement_line"] = new
            {
                kind = "Contribution", date = "2 Feb", amount = M(10_000), round = 1, reference = "QKJ4HT8MZP", route = "StkPush", voluntary = false, paid = "USD 100.00", rate = "129.50", balance = M(0),
                loan = "", penalty = "", interest = "", principal = "", to_savings = "",
            },
            ["statement_kind"] = new { kind = "WelfarePaid", voluntary = true },
            ["statement_route"] = new { route = "Recorded", paid = "USD 100.00", rate = "129.50" },
            ["statement_page"] = new { part = "title", name = "Samuel", seat = 4, cycle = 1 },
            ["fine_receipt"] = new { amount = M(400), name = "Samuel", receipt = "QKJ4HT8MZP", chama = "Umoja", fines = "7, 9", extra = "", owed = M(200) },
            ["fine_waived"] = new { id = 7, amount = M(200), name = "Samuel", reason = "hospital stay" },
            ["fine_waived_notice"] = new { name = "Samuel", chama = "Umoja", id = 7, amount = M(200), officer = "Patrick", reason = "hospital stay" },
            ["fine_waive_refused"] = new { reason = "own", id = 7 },
            ["member_exit_recorded"] = new { name = "Samuel", seat = 4, reason = "moved to Mombasa", received = false, round = 2, paid = M(10_000), deduction = 0, refund = M(10_000), refund_round = 4, outstanding = M(0) },
            ["member_exit_notice"] = new { name = "Samuel", chama = "Umoja", officer = "Grace", reason = "moved to Mombasa", received = true, paid = M(10_000), deduction = 0, refund = M(0), refund_round = 0, outstanding = M(30_000) },
            ["member_exit_refused"] = new { reason = "officer", seat = 4 },
            ["swap_requested"] = new { id = 5, name = "Grace", round = 1, date = "31 Jan 2026", hours = 48 },
            ["swap_asked"] = new { name = "Grace", requester = "Samuel", seat = 4, chama = "Umoja", id = 5, round = 1, date = "31 Jan 2026", new_round = 4, new_date = "30 Apr 2026", hours = 48 },
            ["swap_accepted"] = new { id = 5, name = "Samuel", round = 4, date = "30 Apr 2026", was = 1 },
            ["swap_declined"] = new { id = 5, name = "Samuel", round = 1 },
            ["swap_declined_notice"] = new { name = "Samuel", other = "Grace", id = 5, round = 4 },
            ["swap_officer_notice"] = new { chama = "Umoja", id = 5, requester = "Samuel", requester_round = 1, requester_date = "31 Jan 2026", counterpart = "Grace", counterpart_round = 4, counterpart_date = "30 Apr 2026" },
            ["swap_refused"] = new { reason = "lapsed", seat = 0, id = 5, round = 3, date = "31 Mar 2026" },
            ["swap_lapsed"] = new { name = "Diana", id = 5, other = "Samuel", round = 3, date = "31 Mar 2026", yours = 3 },
            ["swap_lapsed_notice"] = new { chama = "Umoja", id = 5, requester = "Samuel", requester_round = 4, counterpart = "Diana", counterpart_round = 3, round = 3, date = "31 Mar 2026" },
            ["rule_text"] = new { rule = "fine", value = M(200), on = false },
            ["rule_proposed"] = new { code = "R4", rule = $"the late fine to {M(200)}", approvals = 1, required = 2, in_force = false, version = 0 },
            ["rule_proposal_notice"] = new { name = "Grace", chama = "Umoja", officer = "Patrick", code = "R4", rule = $"the late fine to {M(200)}", approvals = 1, required = 2 },
            ["rule_decided"] = new { code = "R4", rule = $"the late fine to {M(200)}", rejected = false, reason = "", approvals = 2, required = 2, in_force = true, version = 2 },
            ["rule_refused"] = new { reason = "usage", code = "" },
            ["quorum_unreachable"] = new { listed = false, names = "Grace Wanjiku, Patrick Ochieng", required = 2, voters = 1, reachable = 1, @short = 1 },
            ["dashboard_founding"] = new { part = "founded", chama = "Jirani Savings", code = "JIRANI", awaiting = true },
            ["cycle_not_ready"] = new { preview = false, awaiting = true, no_rotation = true, too_few = true, members = 1, open_seats = "2, 4", open_count = 2, quorum = "A payout to Grace could never be approved.", passed = true, too_far = false, date = "9 Jan 2026" },
            ["cycle_started"] = new { chama = "Umoja", cycle = 1, amount = M(10_000), frequency = "monthly", first_date = "31 Jan 2026", own_round = 3, own_date = "31 Mar 2026" },
            ["cycle_start"] = new { reason = "started", chama = "Umoja", cycle = 1, rounds = 4, schedule = "1. Grace Wanjiku, 31 Jan 2026\n2. Patrick Ochieng, 28 Feb 2026", example = "20/12/2026" },
            ["join_proposed"] = new { name = "Diana", chama = "Umoja", officer = "Grace", member = "Esther", seat = 5, code = "J3", amount = M(10_000), round = 2, due_date = "28 Feb 2026", own_round = 5, own_date = "31 May 2026", approvals = 1, required = 2, joined = false, rejected = false, reason = "" },
            ["join_proposal_notice"] = new { name = "Diana", chama = "Umoja", officer = "Grace", member = "Esther", seat = 5, code = "J3", amount = M(10_000), round = 2, due_date = "28 Feb 2026", own_round = 5, own_date = "31 May 2026", approvals = 1, required = 2, joined = false, rejected = false, reason = "" },
            ["join_decided"] = new { name = "Diana", chama = "Umoja", officer = "Grace", member = "Esther", seat = 5, code = "J3", amount = M(10_000), round = 2, due_date = "28 Feb 2026", own_round = 5, own_date = "31 May 2026", approvals = 2, required = 2, joined = true, rejected = false, reason = "" },
            ["join_decided_notice"] = new { name = "Diana", chama = "Umoja", officer = "Grace", member = "Esther", seat = 5, code = "J3", amount = M(10_000), round = 2, due_date = "28 Feb 2026", own_round = 5, own_date = "31 May 2026", approvals = 1, required = 2, joined = false, rejected = true, reason = "wait for cycle 2" },
            ["join_notice"] = new { name = "Diana", chama = "Umoja", officer = "Grace", member = "Esther", seat = 5, code = "J3", amount = M(10_000), round = 2, due_date = "28 Feb 2026", own_round = 5, own_date = "31 May 2026", approvals = 1, required = 2, joined = true, rejected = false, reason = "" },
            ["join_refused"] = new { reason = "in_rotation", seat = 5, code = "J3" },
            ["payout_cancelled"] = new { code = "W3", amount = M(5_000), name = "Samuel", reason = "the family has been helped" },
            ["payout_cancelled_notice"] = new { name = "Samuel", chama = "Umoja", code = "W3", amount = M(5_000), officer = "Patrick", reason = "the family has been helped" },
            ["payout_cancel_refused"] = new { reason = "not_cooling", code = "W3" },
            ["meeting_notice"] = new { name = "Diana", chama = "Umoja", round = 1, date = "31 Jan 2026", place = "Kariokor Social Hall", recipient = "Grace Wanjiku" },
            ["invitation"] = new { chama = "Umoja Investment Club", code = "UMOJA", inviter = "Patrick Ochieng", seat = 5, phone = "+2547*****02", role = "treasurer", amount = M(10_000), frequency = "monthly", lapses = "17 Jan 2026" },
            ["invite_sent"] = new { chama = "Umoja Investment Club", code = "UMOJA", inviter = "Patrick Ochieng", seat = 5, phone = "+2547*****02", role = "member", amount = M(10_000), frequency = "weekly", lapses = "17 Jan 2026" },
            ["invite_refused"] = new { reason = "seat_invited", seat = 5 },
            ["invitation_ussd"] = new { chama = "Umoja Investment Club", inviter = "Patrick Ochieng", seat = 5, role = "chair", amount = M(10_000), frequency = "fortnightly", member = true },
            ["invitations_list"] = new { count = 2, items = new[] { new { seat = 5, phone = "+2547*****02", name = "Esther Njeri", role = "secretary", status = "accepted" }, new { seat = 6, phone = "+2547*****03", name = "", role = "member", status = "pending" } }, more = 1 },
            ["invitation_reply"] = new { outcome = "accepted", code = "UMOJA", chama = "Umoja Investment Club", seat = 5, role = "treasurer", role_deferred = true },
            ["dashboard_invitations"] = new { part = "new", code = "UMOJA", count = 2, phone = "+2547*****02", seat = 5, role = "treasurer", status = "accepted", detail = "" },
            ["invitation_answered_notice"] = new { name = "Patrick", chama = "Umoja", seat = 5, phone = "+2547*****02", member = "Esther Njeri", role = "treasurer", status = "accepted", role_deferred = false },

            // loans-request
            ["loan_step"] = new { step = "confirm", currency, most = M(30_000), invalid = false, reason = "", max_term = 12, guarantors = 2, pledge = M(2_500), amount = M(10_000), term = 3, seats = "2, 3", schedule = "1. 9 Feb 2026: " + M(3_434) },
            ["loan_schedule"] = new
            {
                items = new[]
                {
                    new { number = 1, due = "10 Feb 2026", amount = M(3_434), principal = M(3_334), interest = M(100) },
                    new { number = 2, due = "10 Mar 2026", amount = M(3_434), principal = M(3_334), interest = M(100) },
                    new { number = 3, due = "10 Apr 2026", amount = M(3_432), principal = M(3_332), interest = M(100) },
                },
                count = 3, total_interest = M(300), total = M(10_300), as_if_today = true,
            },
            ["loan_refused"] = new { reason = "amount", most = M(30_000), guarantors = 2 },
            ["loan_requested"] = new { code = "L5", amount = M(10_000), guarantors = "Patrick, Diana", with_officers = false },
            ["loan_guarantee_reply"] = new { outcome = "all_accepted", code = "L5", pledge = M(2_500) },
            ["loan_withdraw_reply"] = new { outcome = "withdrawn", code = "L5" },
            ["loan_news"] = new { kind = "asked", to = "guarantor", chama = "Umoja", code = "L5", borrower = "Samuel", amount = M(10_000), term = 3, pledge = M(2_500), by = "", reason = "", guarantors = "Patrick, Diana", approvals = 0, required = 2 },
            ["loan_paid_out"] = new { chama = "Umoja", code = "L5", amount = M(10_000), account = "UMOJA-4-L", schedule = "1. 10 Feb 2026: " + M(3_434) },
            ["approval_loan_item"] = new { code = "L5", borrower = "Samuel", amount = M(10_000), term = 3, rate = "1", method = "flat", total_interest = M(300), guarantors = "Patrick, Diana", approvals = 0, required = 2, voted = false },
            ["loan_term"] = new { months = 3 },

            // loans-savings
            ["savings_receipt"] = new { amount = M(1_000), name = "Diana", receipt = "QKJ4HT8MZP", chama = "Umoja", savings = M(5_000) },
            ["loan_receipt"] = new
            {
                amount = M(11_000), name = "Diana", receipt = "QKJ4HT8MZP", chama = "Umoja", loan = "L5", penalty = M(100), interest = M(300), principal = M(10_000), savings = M(600),
                cleared = false, owed = M(20_300), next = M(10_300), next_date = "11 Mar 2026",
            },

            // loans-shareout
            ["share_out_proposed"] = new
            {
                chama = "Umoja", code = "Y1", savings = M(60_000), earnings = M(6_000), deducted = M(8_500), paid = M(57_500), required = 2, officer = true,
                lines = new[] { new { seat = 1, name = "Grace", savings = M(30_000), earnings = M(3_000), deducted = "", payout = M(33_000) }, new { seat = 3, name = "Diana", savings = M(10_000), earnings = M(1_000), deducted = M(8_500), payout = M(2_500) } },
                mine = true, my_savings = M(30_000), my_earnings = M(3_000), my_deducted = "", my_payout = M(33_000),
            },
            ["share_out_approved"] = new { chama = "Umoja", code = "Y1", savings = M(10_000), earnings = M(1_000), deducted = M(8_500), payout = M(2_500), paid = true, phone = "+254733000003", cleared = true },
            ["share_out_refused"] = new { reason = "open", code = "Y1" },
            // loans-life
            ["loan_charged"] = new { kind = "penalty", name = "Diana", chama = "Umoja", code = "L5", amount = M(527), month = 1, rate = "1.5", reducing = true, percent = 10, grace = 3, due_date = "10 Feb 2026", owed = M(31_427), due = M(5_793) },
            ["loan_reminder"] = new { kind = "overdue", name = "Diana", chama = "Umoja", code = "L5", month = 1, due_date = "10 Feb 2026", amount = M(5_266), grace = 3, percent = 10, mpesa = true },
            ["loan_defaulted"] = new { role = "officer", name = "Grace", borrower = "Samuel", chama = "Umoja", code = "L5", missed = 3, default_after = 3, owed = M(33_402), pledge = "", pledges = M(15_000) },
            ["loan_recover"] = new { outcome = "proposed", voter = true, name = "Patrick", chama = "Umoja", officer = "Grace", loan = "L5", code = "K5", borrower = "Samuel", owed = M(33_402), pledges = M(15_000), approvals = 1, required = 2 },
            ["loan_recovered"] = new { role = "guarantor", name = "Diana", borrower = "Samuel", chama = "Umoja", loan = "L5", taken = M(7_500), pledge = M(7_500), total = M(15_000), outstanding = M(18_402), repaid = false },
            ["dashboard_loans"] = new { part = "fund", grace = 3, loan = "L5", code = "K5", borrower = "Samuel", owed = M(33_402), stage = "Defaulted", lent = M(30_000), limit = M(64_000), lend_percent = 80, pooled = M(80_000), savings = M(78_000), earnings = M(2_000) },
        };
    }

    public static TheoryData<string, Language, bool> Every()
    {
        var data = new TheoryData<string, Language, bool>();
        foreach (var key in Texts.Keys)
        {
            foreach (var language in Enum.GetValues<Language>())
            {
                data.Add(key, language, false);
                data.Add(key, language, true);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Every))]
    public void Every_template_renders_in_both_languages_on_both_channels(string key, Language language, bool ussd)
    {
        var text = Texts.Render(language, key, Samples.GetValueOrDefault(key), ussd);

        Assert.False(string.IsNullOrWhiteSpace(text));
        Assert.DoesNotContain("{{", text);
        Assert.True(text.Length <= 1_600);
    }

    [Fact]
    public void Swahili_is_not_English()
    {
        var differing = Texts.Keys.Count(key =>
            Texts.Render(Language.En, key, Samples.GetValueOrDefault(key)) != Texts.Render(Language.Sw, key, Samples.GetValueOrDefault(key)));
        Assert.Equal(Texts.Keys.Count(), differing);
    }

    [Theory]
    [InlineData("contribution", "KES 12,000", false, "the contribution to KES 12,000 a round, from the next cycle")]
    [InlineData("quorum", "2", false, "the approval quorum to 2 officers")]
    [InlineData("cooling", "12", false, "the welfare cooling-off to 12 hours")]
    [InlineData("pending", "OFF", false, "members seeing the pending list to off")]
    [InlineData("frequency", "fortnightly", false, "meetings every two weeks, from the next cycle")]
    [InlineData("welfarelimit", "", false, "no limit on one welfare payout")]
    [InlineData("finemode", "perday", false, "the late fine for each day late, from the next round")]
    [InlineData("exitdeduction", "10", false, "the exit deduction to 10%")]
    public void A_rule_change_reads_as_the_officers_wrote_it(string rule, string value, bool on, string expected) =>
        Assert.Equal(expected, Texts.Render(Language.En, "rule_text", new { rule, value, on }).Trim());

    [Fact]
    public void A_rule_in_force_names_its_constitution_version() =>
        Assert.Equal(
            "Mabadiliko ya kanuni R4: faini ya kuchelewa kuwa KES 200. Yanatumika sasa kama toleo 2 la katiba.",
            Texts.Render(Language.Sw, "rule_proposed", new { code = "R4", rule = "faini ya kuchelewa kuwa KES 200", approvals = 1, required = 1, in_force = true, version = 2 }).Trim());

    [Fact]
    public void A_missing_variable_fails_instead_of_rendering_blank() =>
        Assert.Contains("Undefined variable", Assert.Throws<Fluid.FluidException>(() => Texts.Render(Language.En, "pay_confirm", new { amount = "KES 1" })).Message, StringComparison.Ordinal);

    [Fact]
    public void An_unknown_template_fails() =>
        Assert.Throws<KeyNotFoundException>(() => Texts.Render(Language.En, "no_such_template"));

    [Fact]
    public void The_quick_start_line_reads_as_the_treasurer_writes_it() =>
        Assert.Equal("Collected: KES 30,000 / 40,000", Texts.Render(Language.En, "collected", new { collected = Money.Kes(30_000).ToString(), expected = Money.Kes(40_000).FormatAmount() }));

    [Fact]
    public void Every_clause_is_quoted_by_the_number_the_constitution_gives_it()
    {
        Assert.Equal(Enumerable.Range(1, 14), Enum.GetValues<Clause>().Select(c => (int)c));
        Assert.Equal("welfare_cooling_off", MessageTexts.ClauseKey(Clause.WelfareCoolingOff));
        Assert.StartsWith("Rule 7: in Umoja only officers", Texts.Render(Language.En, "pending_hidden", new { chama = "Umoja" }));
        Assert.StartsWith("Kanuni 7: katika Umoja", Texts.Render(Language.Sw, "pending_hidden", new { chama = "Umoja" }));
    }

    [Fact]
    public void The_rules_list_numbers_every_clause_in_order()
    {
        var list = Texts.Render(Language.En, "rules_list", Samples["rules_list"]) + "\n" + Texts.Render(Language.En, "rules_lending", Samples["rules_lending"]);
        var numbers = list.Split('\n').Where(line => line.StartsWith("Rule ", StringComparison.Ordinal)).Select(line => int.Parse(line[5..line.IndexOf(':', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Enum.GetValues<Clause>().Select(c => (int)c), numbers);
    }

    [Fact]
    public void The_pot_of_a_leavers_round_is_announced_as_their_exit_refund_in_both_languages()
    {
        var model = new { chama = "Umoja", round = 4, amount = "KES 30,000", recipient = "Samuel", left = true, code = "P4", required = 2 };

        Assert.Contains("was due to Samuel, who has left the chama. Rule 8: it pays their exit refund and the rest goes to the welfare fund", Texts.Render(Language.En, "pot_ready", model));
        Assert.Contains("Kanuni 8: unalipa marejesho yake ya kuondoka", Texts.Render(Language.Sw, "pot_ready", model));
        Assert.Contains("KES 10,000 (exit refund, Rule 8)", Texts.Render(Language.En, "payout_received", new { chama = "Umoja", amount = "KES 10,000", kind = "exit_refund", phone = "+2547******04", transaction = "UAB1CD2EF3", code = "P4", paid_by = "mpesa", officer = "" }));
        Assert.Contains("(marejesho ya kuondoka, Kanuni 8)", Texts.Render(Language.Sw, "payout_completed", new { code = "P4", amount = "KES 10,000", kind = "exit_refund", recipient = "Samuel", transaction = "UAB1CD2EF3", paid_by = "mpesa", officer = "" }));
    }

    [Fact]
    public void A_share_out_payout_is_named_as_the_year_end_share_out_in_both_languages()
    {
        var model = new { chama = "Umoja", amount = "KES 2,500", kind = "share_out", phone = "+2547******03", transaction = "UAB1CD2EF3", code = "G3", paid_by = "mpesa", officer = "", recipient = "Diana" };

        Assert.Contains("KES 2,500 (year-end share-out, Rule 14)", Texts.Render(Language.En, "payout_received", model));
        Assert.Contains("(gawio la mwisho wa mwaka, Kanuni 14)", Texts.Render(Language.Sw, "payout_completed", model));
    }

    [Fact]
    public void A_member_sees_their_own_share_out_line_and_the_totals_but_not_the_others_lines()
    {
        var model = new
        {
            chama = "Umoja", code = "Y1", savings = "KES 60,000", earnings = "KES 6,000", deducted = "KES 8,500", paid = "KES 57,500", required = 2, officer = false,
            lines = Array.Empty<object>(), mine = true, my_savings = "KES 10,000", my_earnings = "KES 1,000", my_deducted = "KES 8,500", my_payout = "KES 2,500",
        };

        var text = Texts.Render(Language.En, "share_out_proposed", model);

        Assert.Contains("Yours: savings KES 10,000 + share KES 1,000 - loan KES 8,500 = KES 2,500.", text);
        Assert.Contains("KES 57,500 to pay out", text);
        Assert.DoesNotContain("APPROVE", text);
    }
}
