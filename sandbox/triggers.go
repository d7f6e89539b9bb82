package sandbox

import "github.com/shopspring/decimal"

// Scenario triggers: amounts that make the sandbox behave in a chosen way,
// for testing an app's failure paths. They apply to both providers' sides
// and to every operation that takes an amount (payment, refund, payout).
// Any other amount behaves normally.
//
//	amount  what happens
//	13.13   declined: card payments fail at once ("insufficient funds");
//	        on the payment page only Decline works; payouts fail
//	42.42   unavailable: the request is refused with a 503 before anything
//	        happens (nothing changes). Reads report ErrUnavailable and are
//	        retried; calls that move money report ErrOutcomeUnknown, since a
//	        client cannot tell a 503 from a failure after acting, and a
//	        status lookup then shows that nothing happened
//	66.66   outcome unknown: the sandbox acts on the request (the payment,
//	        refund or payout is created) and then answers 500, so the client
//	        must look the order up instead of resending
//	77.77   duplicate notification: every webhook of the payment is
//	        delivered twice, to test de-duplication
//	99.99   insufficient funds: refunds and payouts of this amount are
//	        refused for lack of funds
//	66.60   charge declined: a Robokassa recurring charge (Merchant/Recurring)
//	        of this amount is accepted ("OK<InvoiceID>") and then declined:
//	        no ResultURL notification, OpStateExt state 60 (13.13 does the
//	        same to a charge). Other operations of 66.60 behave normally.
//	        It is paymentstest.DeclinedChargeAmount, so one test declines a
//	        charge on the fake and on the sandbox
const (
	TriggerDecline           = "13.13"
	TriggerUnavailable       = "42.42"
	TriggerOutcomeUnknown    = "66.66"
	TriggerDuplicateWebhook  = "77.77"
	TriggerInsufficientFunds = "99.99"
	TriggerChargeDecline     = "66.60"
)

// trigger returns which trigger amount a is ("" for none).
func trigger(a decimal.Decimal) string {
	for _, t := range []string{TriggerDecline, TriggerUnavailable, TriggerOutcomeUnknown, TriggerDuplicateWebhook, TriggerInsufficientFunds, TriggerChargeDecline} {
		if a.Equal(decimal.RequireFromString(t)) {
			return t
		}
	}
	return ""
}
