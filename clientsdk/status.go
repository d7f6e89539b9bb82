package clientsdk

import (
	"context"
	"errors"
	"strings"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// statusTable maps the provider's payment, payout and webhook status values
// onto the core's statuses (an assumption, documented on PaymentStatus).
// Any other value is payments.StatusUnknown, with the raw value kept in
// Raw.
var statusTable = map[string]payments.Status{
	"new":                payments.StatusPending,
	"created":            payments.StatusPending,
	"pending":            payments.StatusPending,
	"wait":               payments.StatusPending,
	"waiting":            payments.StatusPending,
	"redirect":           payments.StatusRequiresAction,
	"3ds":                payments.StatusRequiresAction,
	"requires_action":    payments.StatusRequiresAction,
	"process":            payments.StatusProcessing,
	"processing":         payments.StatusProcessing,
	"in_process":         payments.StatusProcessing,
	"in_progress":        payments.StatusProcessing,
	"complete":           payments.StatusSucceeded,
	"completed":          payments.StatusSucceeded,
	"success":            payments.StatusSucceeded,
	"succeeded":          payments.StatusSucceeded,
	"paid":               payments.StatusSucceeded,
	"failed":             payments.StatusFailed,
	"fail":               payments.StatusFailed,
	"error":              payments.StatusFailed,
	"declined":           payments.StatusFailed,
	"rejected":           payments.StatusFailed,
	"canceled":           payments.StatusCanceled,
	"cancelled":          payments.StatusCanceled,
	"expired":            payments.StatusExpired,
	"refunded":           payments.StatusRefunded,
	"partial_refund":     payments.StatusPartiallyRefunded,
	"partially_refunded": payments.StatusPartiallyRefunded,
}

// refundStatusTable maps refund_status (an assumption, documented on
// PaymentStatus). An empty value, "none" or "no" means no refund.
var refundStatusTable = map[string]payments.Status{
	"":                   "",
	"none":               "",
	"no":                 "",
	"new":                payments.StatusProcessing,
	"created":            payments.StatusProcessing,
	"pending":            payments.StatusProcessing,
	"wait":               payments.StatusProcessing,
	"process":            payments.StatusProcessing,
	"processing":         payments.StatusProcessing,
	"complete":           payments.StatusRefunded,
	"completed":          payments.StatusRefunded,
	"success":            payments.StatusRefunded,
	"refunded":           payments.StatusRefunded,
	"partial":            payments.StatusPartiallyRefunded,
	"partial_refund":     payments.StatusPartiallyRefunded,
	"partially_refunded": payments.StatusPartiallyRefunded,
	"failed":             payments.StatusFailed,
	"fail":               payments.StatusFailed,
	"error":              payments.StatusFailed,
	"declined":           payments.StatusFailed,
	"canceled":           payments.StatusCanceled,
	"cancelled":          payments.StatusCanceled,
}

// mapStatus looks v up in table, normalised by normStatus.
func mapStatus(table map[string]payments.Status, v string) payments.Status {
	if s, ok := table[normStatus(v)]; ok {
		return s
	}
	return payments.StatusUnknown
}

// normStatus is a provider status value as the tables compare it: lower
// case, without surrounding space.
func normStatus(v string) string { return strings.ToLower(strings.TrimSpace(v)) }

// PaymentStatus implements payments.Provider with GET /status by order
// (github.com/Space-Around/client-payment-sdk-python README and examples/payment_status.py).
//
// The API documents no status values (github.com/Space-Around/client-payment-sdk-python
// client_payment_sdk/models.py; creater777/sbank README.MD): only
// "complete" and "failed" are seen, in webhooks. This table is an
// assumption from common usage, shared by payment_status, payout and
// webhook statuses, compared case-insensitively:
//
//	new, created, pending, wait, waiting           -> pending
//	redirect, 3ds, requires_action                 -> requires_action
//	process, processing, in_process, in_progress   -> processing
//	complete, completed, success, succeeded, paid  -> succeeded
//	failed, fail, error, declined, rejected        -> failed
//	canceled, cancelled                            -> canceled
//	expired                                        -> expired
//	refunded                                       -> refunded
//	partial_refund, partially_refunded             -> partially_refunded
//	anything else                                  -> unknown
//
// refund_status becomes Payment.RefundStatus: empty, "none" or "no" mean no
// refund; new, created, pending, wait, process, processing -> processing;
// complete, completed, success, refunded -> refunded; partial,
// partial_refund, partially_refunded -> partially_refunded; failed, fail,
// error, declined -> failed; canceled, cancelled -> canceled; anything else
// -> unknown. A succeeded payment whose refund_status is refunded or
// partially refunded is reported as such.
//
// last_payment_error_code and last_payment_error become ErrorCode and
// ErrorMessage; amount, customer_fee and currency (RUB when absent), if
// the provider sends them, Amount and Fee; invoice_id the ID. Raw keeps
// every scalar field, the raw status values included.
func (p *Provider) PaymentStatus(ctx context.Context, q payments.PaymentQuery) (*payments.Payment, error) {
	const op = payments.OpPaymentStatus
	orderID := q.OrderID
	if orderID == "" && q.PaymentID != "" {
		return nil, providerkit.Stamp(providerName, op, &payments.Error{Kind: errors.ErrUnsupported, Message: "/status takes the order id only"})
	}
	if orderID == "" {
		return nil, providerkit.Stamp(providerName, op, payments.Errorf(payments.ErrInvalidRequest, "order id is required"))
	}
	r, err := p.call(ctx, providerkit.Read(op), "GET", "/status", []Param{
		{"merchant_id", p.cfg.MerchantID},
		{"order", orderID},
		{"product_id", p.cfg.ProductID},
	})
	if err != nil {
		return nil, err
	}
	pay, err := parseStatus(r)
	if err != nil {
		return nil, providerkit.Stamp(providerName, op, providerkit.ProtocolError(providerkit.Read(op), err))
	}
	if pay.OrderID == "" {
		pay.OrderID = orderID
	}
	return pay, nil
}

// parseStatus turns a /status answer into a payment.
func parseStatus(r response) (*payments.Payment, error) {
	ps, ok, err := r.str("payment_status")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errors.New(`status response has no "payment_status"`)
	}
	rs, _, err := r.str("refund_status")
	if err != nil {
		return nil, err
	}
	pay := &payments.Payment{
		Status:       mapStatus(statusTable, ps),
		RefundStatus: mapStatus(refundStatusTable, rs),
		Raw:          r.scalars(),
	}
	if pay.Status == payments.StatusSucceeded &&
		(pay.RefundStatus == payments.StatusRefunded || pay.RefundStatus == payments.StatusPartiallyRefunded) {
		pay.Status = pay.RefundStatus
	}
	pay.ErrorCode = pay.Raw["last_payment_error_code"]
	pay.ErrorMessage = pay.Raw["last_payment_error"]
	pay.OrderID = pay.Raw["order"]
	pay.ID = pay.Raw["invoice_id"]
	if pay.Amount, err = r.money("amount", "currency"); err != nil {
		return nil, err
	}
	if pay.Fee, err = r.money("customer_fee", "currency"); err != nil {
		return nil, err
	}
	return pay, nil
}
