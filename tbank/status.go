package tbank

import "github.com/paykit/payments"

// statuses maps T-Bank's payment statuses («Статусная модель платежа»,
// https://www.tbank.ru/kassa/dev/payments/index.html) onto the portable
// ones, in one table. A status missing here is payments.StatusUnknown,
// never a failure. A payment being refunded was paid: it is succeeded,
// and its refund state is in refundStatuses.
var statuses = map[string]payments.Status{
	"NEW":              payments.StatusPending,
	"FORM_SHOWED":      payments.StatusPending,
	"3DS_CHECKING":     payments.StatusRequiresAction,
	"PREAUTHORIZING":   payments.StatusProcessing,
	"AUTHORIZING":      payments.StatusProcessing,
	"3DS_CHECKED":      payments.StatusProcessing,
	"PAY_CHECKING":     payments.StatusProcessing,
	"CONFIRMING":       payments.StatusProcessing,
	"CONFIRM_CHECKING": payments.StatusProcessing,
	"REVERSING":        payments.StatusProcessing,
	"AUTHORIZED":       payments.StatusAuthorized,
	"PARTIAL_REVERSED": payments.StatusAuthorized,
	"CONFIRMED":        payments.StatusSucceeded,
	"REFUNDING":        payments.StatusSucceeded,
	"ASYNC_REFUNDING":  payments.StatusSucceeded,
	"PARTIAL_REFUNDED": payments.StatusPartiallyRefunded,
	"REFUNDED":         payments.StatusRefunded,
	"REVERSED":         payments.StatusCanceled,
	"CANCELED":         payments.StatusCanceled,
	"DEADLINE_EXPIRED": payments.StatusExpired,
	"ATTEMPTS_EXPIRED": payments.StatusExpired,
	"REJECTED":         payments.StatusFailed,
	"AUTH_FAIL":        payments.StatusFailed,
}

// refundStatuses is the state of a payment's refunds by its status.
var refundStatuses = map[string]payments.Status{
	"REFUNDING":        payments.StatusProcessing,
	"ASYNC_REFUNDING":  payments.StatusProcessing,
	"PARTIAL_REFUNDED": payments.StatusSucceeded,
	"REFUNDED":         payments.StatusSucceeded,
}

// statusOf maps a T-Bank status.
func statusOf(s string) payments.Status {
	if st, ok := statuses[s]; ok {
		return st
	}
	return payments.StatusUnknown
}

// rank orders statuses for choosing among several sessions of one order:
// a paid or held session outranks one in progress, which outranks one
// waiting for the buyer, which outranks a failed or expired one.
func rank(s string) int {
	switch statusOf(s) {
	case payments.StatusSucceeded, payments.StatusPartiallyRefunded, payments.StatusRefunded:
		return 5
	case payments.StatusAuthorized:
		return 4
	case payments.StatusProcessing, payments.StatusRequiresAction:
		return 3
	case payments.StatusPending:
		return 2
	case payments.StatusCanceled:
		return 1
	}
	return 0
}
