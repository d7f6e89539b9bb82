package sandbox

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/paykit/payments"
)

// RobokassaSeed puts a payment into the state status names, for tests that
// need one before they start (a held payment to capture, a paid recurring
// parent to charge): p, a robokassa Provider pointed at this sandbox, starts
// req; the payment page is shown through client, as a buyer's browser would;
// then the buyer pays (StatusAuthorized for a hold, or StatusSucceeded) or
// declines (StatusFailed). req.OrderID must be the numeric InvId. Any other
// status leaves the payment shown and unpaid.
func (s *Server) RobokassaSeed(ctx context.Context, p payments.Provider, client *http.Client, req *payments.InitRequest, status payments.Status) error {
	inv, err := strconv.ParseInt(req.OrderID, 10, 64)
	if err != nil {
		return fmt.Errorf("sandbox: order id %q is not a Robokassa InvId: %w", req.OrderID, err)
	}
	pay, err := p.InitPayment(ctx, req)
	if err != nil {
		return err
	}
	if client == nil {
		client = http.DefaultClient
	}
	page, err := http.NewRequestWithContext(ctx, http.MethodGet, pay.NextStep.URL, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(page)
	if err != nil {
		return err
	}
	resp.Body.Close()
	switch status {
	case payments.StatusAuthorized, payments.StatusSucceeded:
		_, err = s.RobokassaPay(ctx, inv)
	case payments.StatusFailed:
		_, err = s.RobokassaDecline(ctx, inv)
	}
	return err
}
