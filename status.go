package payments

// Status is the state of a payment, refund or withdrawal: a small closed set
// of readable strings. Every provider maps its own codes onto these in one
// table.
type Status string

// The statuses.
const (
	// StatusPending: created, waiting for the buyer (not paid yet).
	StatusPending Status = "pending"
	// StatusRequiresAction: the buyer must act (3-D Secure, a redirect).
	StatusRequiresAction Status = "requires_action"
	// StatusAuthorized: funds are held, waiting for capture or cancel.
	StatusAuthorized Status = "authorized"
	// StatusProcessing: paid or requested, being settled; not final.
	StatusProcessing Status = "processing"
	// StatusSucceeded: paid (or refunded, or paid out) for good.
	StatusSucceeded Status = "succeeded"
	// StatusFailed: declined or failed; no money moved.
	StatusFailed Status = "failed"
	// StatusCanceled: canceled by the buyer, the merchant or a timeout.
	StatusCanceled Status = "canceled"
	// StatusRefunded: paid, then refunded in full.
	StatusRefunded Status = "refunded"
	// StatusPartiallyRefunded: paid, then refunded in part.
	StatusPartiallyRefunded Status = "partially_refunded"
	// StatusExpired: the payment link or invoice expired unpaid.
	StatusExpired Status = "expired"
	// StatusUnknown: the provider reported a state this library does not
	// know. Treat it as not paid and look again later.
	StatusUnknown Status = "unknown"
)

var allStatuses = []Status{
	StatusPending, StatusRequiresAction, StatusAuthorized, StatusProcessing,
	StatusSucceeded, StatusFailed, StatusCanceled, StatusRefunded,
	StatusPartiallyRefunded, StatusExpired, StatusUnknown,
}

// Statuses returns every status, in the order of their declaration.
func Statuses() []Status {
	return append([]Status(nil), allStatuses...)
}

// Valid reports whether s is one of the declared statuses.
func (s Status) Valid() bool {
	for _, v := range allStatuses {
		if s == v {
			return true
		}
	}
	return false
}

// Final reports whether s can no longer change by itself (succeeded, failed,
// canceled, refunded, expired). Partially refunded is not final: more can be
// refunded.
func (s Status) Final() bool {
	switch s {
	case StatusSucceeded, StatusFailed, StatusCanceled, StatusRefunded, StatusExpired:
		return true
	}
	return false
}

// Paid reports whether the money was received: succeeded or (partially)
// refunded afterwards.
func (s Status) Paid() bool {
	return s == StatusSucceeded || s == StatusRefunded || s == StatusPartiallyRefunded
}

// Operation names one operation of the portable API.
type Operation string

// The operations.
const (
	OpInitPayment      Operation = "init_payment"
	OpPaymentStatus    Operation = "payment_status"
	OpRefund           Operation = "refund"
	OpRefundStatus     Operation = "refund_status"
	OpBalance          Operation = "balance"
	OpWithdraw         Operation = "withdraw"
	OpWithdrawalStatus Operation = "withdrawal_status"
	OpVerifyWebhook    Operation = "verify_webhook"
	// OpCapture captures a held (authorized) payment: [Capturer].
	OpCapture Operation = "capture"
	// OpCancel cancels (voids) a held payment: [Canceler].
	OpCancel Operation = "cancel"
	// OpCharge charges a recurring parent payment again without the buyer:
	// [Charger].
	OpCharge Operation = "charge"
	// OpSendReceipt sends a fiscal receipt after the payment: [ReceiptSender].
	OpSendReceipt Operation = "send_receipt"
	// OpReceiptStatus looks such a receipt up: [ReceiptSender].
	OpReceiptStatus Operation = "receipt_status"
)

var allOperations = []Operation{
	OpInitPayment, OpPaymentStatus, OpRefund, OpRefundStatus, OpBalance,
	OpWithdraw, OpWithdrawalStatus, OpVerifyWebhook,
	OpCapture, OpCancel, OpCharge, OpSendReceipt, OpReceiptStatus,
}

// Operations returns every operation, in the order of their declaration.
func Operations() []Operation {
	return append([]Operation(nil), allOperations...)
}

// MovesMoney reports whether op can move money: initiating a payment,
// refunding, withdrawing, capturing or cancelling a hold, and charging a
// recurring parent. What moves money is never resent (see
// [Operation.Resendable]).
func (op Operation) MovesMoney() bool {
	switch op {
	case OpInitPayment, OpRefund, OpWithdraw, OpCapture, OpCancel, OpCharge:
		return true
	}
	return false
}

// Resendable reports whether op may be sent again after a failure whose
// outcome is unknown: reads only. An operation that moves money is not,
// and neither is OpSendReceipt, which moves no money but registers a
// fiscal document that cannot be taken back (Robokassa registers at most
// two receipts per payment, https://docs.robokassa.ru/second-check). The
// Client sends an operation that is not resendable once, and reports any
// failure after it may have been acted on as ErrOutcomeUnknown.
func (op Operation) Resendable() bool {
	return !op.MovesMoney() && op != OpSendReceipt
}
