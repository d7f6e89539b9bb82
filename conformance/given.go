package conformance

import (
	"github.com/paykit/payments"
)

// Given is one payment a scenario expects the live provider to hold before
// the scenario runs: the state that fixtures were recorded from. Scenarios
// list theirs in Scenario.Given, so that a harness's Seed can prepare any
// provider's live side (a sandbox, a test shop) for recording without
// knowing the scenarios by name: start the payment the provider's way with
// Request, then bring it to Status (the buyer pays, declines, or pays a
// hold).
type Given struct {
	// OrderID is the payment's order id.
	OrderID string
	// Amount is the payment's amount, a decimal in Harness.Currency.
	Amount string
	// Hold marks a two-step payment (InitRequest.Hold).
	Hold bool
	// Recurring marks a parent of later charges (InitRequest.Recurring).
	Recurring bool
	// Status is the state the payment must be in: StatusPending (started,
	// not paid), StatusAuthorized (a hold the buyer paid, not captured),
	// StatusSucceeded (paid) or StatusFailed (declined).
	Status payments.Status
}

// Request returns the payment request that starts g in currency cur: the
// scenarios' base request (see the package documentation) with g's order
// id, amount, Hold and Recurring. A harness may change its URLs (for
// example NotificationURL, to a server of its own) before it sends it.
func (g Given) Request(cur payments.Currency) *payments.InitRequest {
	return &payments.InitRequest{
		OrderID:         g.OrderID,
		Amount:          payments.MustParseMoney(g.Amount, cur),
		Description:     "Order " + g.OrderID,
		Email:           "buyer@example.com",
		Language:        "en",
		SuccessURL:      "https://shop.example/success",
		FailURL:         "https://shop.example/fail",
		NotificationURL: "https://shop.example/webhooks",
		Hold:            g.Hold,
		Recurring:       g.Recurring,
	}
}

// held, paid and parent are the Given payments of the lifecycle
// scenarios: a hold the buyer paid, a paid payment, and a paid recurring
// parent, each of 10.00.
func held(orderID string) Given {
	return Given{OrderID: orderID, Amount: "10.00", Hold: true, Status: payments.StatusAuthorized}
}

func paid(orderID string) Given {
	return Given{OrderID: orderID, Amount: "10.00", Status: payments.StatusSucceeded}
}

func parent(orderID string) Given {
	return Given{OrderID: orderID, Amount: "10.00", Recurring: true, Status: payments.StatusSucceeded}
}
