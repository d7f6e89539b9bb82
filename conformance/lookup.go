package conformance

import "github.com/paykit/payments"

// lookupScenarios look payments up by the keys the provider declares.
func lookupScenarios() []Scenario {
	return []Scenario{{
		Name:    "lookup_by_provider_id",
		Rule:    "a payment looked up by the provider's own id (PaymentQuery.PaymentID) is the payment InitPayment created: the same id, order and amount",
		Op:      payments.OpPaymentStatus,
		applies: func(c payments.Capabilities) bool { return c.LookupByPaymentID },
		run: func(e *env) {
			created, err := e.client.InitPayment(e.ctx(), e.initReq("1001"))
			if err != nil {
				e.failf("InitPayment: %v", err)
				return
			}
			if created.ID == "" {
				e.failf("InitPayment returned no payment id, yet the provider declares LookupByPaymentID")
				return
			}
			got, err := e.client.LookupPayment(e.ctx(), payments.PaymentQuery{PaymentID: created.ID})
			if err != nil {
				e.failf("LookupPayment by payment id %q: %v", created.ID, err)
				return
			}
			if got.ID != created.ID || got.OrderID != created.OrderID || !got.Amount.Equal(created.Amount) {
				e.failf("looked up payment (id %q, order %q, amount %s), want the created (%q, %q, %s)",
					got.ID, got.OrderID, got.Amount, created.ID, created.OrderID, created.Amount)
			}
		},
	}}
}
