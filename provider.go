package payments

import (
	"context"
	"net/http"
	"slices"
	"time"
)

// Provider is what a payment provider implements: the two operations every
// provider has. Apps do not call it directly; they hold a [*Client], which
// validates requests, wraps errors and applies the shared policy.
//
// Optional operations are separate interfaces ([Refunder], [BalanceReader],
// [Withdrawer], [WebhookVerifier], [Capturer], [Canceler], [Charger],
// [ReceiptSender]); a provider implements those it has and declares them in
// [Capabilities].
//
// Provider methods receive requests the Client has already validated. They
// return errors of type [*Error] whose Kind is one of the Err* sentinels;
// the Client fills in the operation and the provider name.
//
// When an operation that moves money ends in ErrOutcomeUnknown, the Client
// gives the error a default [Error.Advice]: look the payment up by order id
// with PaymentStatus (InitPayment), look the payout up by order id with
// WithdrawalStatus (Withdraw), or, for a refund, LookupRefund by order id
// and reference where the provider declares RefundLookupByReference and
// otherwise a PaymentStatus lookup "only where the provider reports
// refunds there", followed by what a resend with the same reference does;
// for Capture and Cancel a PaymentStatus lookup by order id, for Charge a
// PaymentStatus lookup by the charge's own order id, for SendReceipt
// ReceiptStatus by receipt id.
// A provider whose lookup
// cannot tell whether the operation happened must set Advice itself, saying
// so and what to check instead; advice must never name a lookup that cannot
// answer.
type Provider interface {
	// Name is the provider's short name, such as "robokassa".
	Name() string
	// Capabilities declares what the provider supports.
	Capabilities() Capabilities
	// InitPayment starts a payment and returns its next step. On
	// ErrOutcomeUnknown it sets Error.Advice if PaymentStatus by order id
	// cannot tell whether the payment was created.
	InitPayment(ctx context.Context, req *InitRequest) (*Payment, error)
	// PaymentStatus looks a payment up. The query is valid and names the
	// payment by a key the provider declares (Capabilities.LookupByOrderID,
	// Capabilities.LookupByPaymentID); when it names both, the provider may
	// use either, and the Client checks the answer against both. A payment
	// the provider does not know is ErrNotFound.
	PaymentStatus(ctx context.Context, q PaymentQuery) (*Payment, error)
}

// Refunder is implemented by providers that refund payments.
type Refunder interface {
	// Refund refunds what is left of a paid order (req.Amount nil: all of
	// it, or the rest after earlier partial refunds) or a part. A provider
	// that declares Capabilities.IdempotentRefunds answers a repeat of
	// req.OrderID and req.Reference with the first refund and moves no
	// money again; one that does not never sees a repeat from the Client,
	// which refuses it. On
	// ErrOutcomeUnknown it sets Error.Advice to what can tell whether the
	// refund was made for this provider (a lookup, or, where none can, the
	// dashboard), unless the Client's default is true for it.
	Refund(ctx context.Context, req *RefundRequest) (*Refund, error)
	// RefundStatus looks a refund up. The query is valid and names the
	// refund by a key the provider declares (by reference only with
	// Capabilities.RefundLookupByReference); a refund the provider does
	// not know is ErrNotFound.
	RefundStatus(ctx context.Context, q RefundQuery) (*Refund, error)
}

// BalanceReader is implemented by providers that report the merchant's
// balance.
type BalanceReader interface {
	// Balance returns the balance in q.Currency, a valid currency.
	Balance(ctx context.Context, q BalanceQuery) (*Balance, error)
}

// Withdrawer is implemented by providers that pay out from the merchant's
// balance.
type Withdrawer interface {
	// Withdraw requests a payout. On ErrOutcomeUnknown it sets
	// Error.Advice if WithdrawalStatus by order id cannot tell whether the
	// payout was made.
	Withdraw(ctx context.Context, req *WithdrawalRequest) (*Withdrawal, error)
	// WithdrawalStatus looks a payout up.
	WithdrawalStatus(ctx context.Context, q WithdrawalQuery) (*Withdrawal, error)
}

// Capturer is implemented by providers that capture held payments
// (Capabilities.Holds, OpCapture).
type Capturer interface {
	// Capture captures a held (authorized) payment: all of it (req.Amount
	// nil) or a part no larger than what is held. It returns the payment
	// with status StatusSucceeded, or StatusProcessing where the provider
	// only accepts the request and reports the result later, and Amount
	// the captured amount (zero if unknown). A payment that is not held
	// (never held, already captured, cancelled, expired) or an amount
	// above what is held is ErrInvalidState; an unknown payment is
	// ErrNotFound. On ErrOutcomeUnknown it sets Error.Advice if
	// PaymentStatus by order id cannot tell whether the capture was made.
	Capture(ctx context.Context, req *CaptureRequest) (*Payment, error)
}

// Canceler is implemented by providers that cancel (void) held payments
// (Capabilities.Holds, OpCancel).
type Canceler interface {
	// Cancel releases all of a held payment. It returns the payment with
	// status StatusCanceled, or StatusProcessing where the provider reports
	// the result later. A payment that is not held (captured, paid in one
	// step, already cancelled) is ErrInvalidState; an unknown payment is
	// ErrNotFound. On ErrOutcomeUnknown it sets Error.Advice if
	// PaymentStatus by order id cannot tell whether it was cancelled.
	Cancel(ctx context.Context, req *CancelRequest) (*Payment, error)
}

// Charger is implemented by providers that charge a recurring parent
// payment again without the buyer (Capabilities.Recurring, OpCharge).
type Charger interface {
	// Charge makes a new payment of req.Amount under req.OrderID from the
	// parent's payment means. It returns the new payment: StatusSucceeded
	// (or StatusAuthorized on a two-step terminal), or StatusPending or
	// StatusProcessing where the provider only accepts the charge and
	// reports the result later (by webhook and PaymentStatus under
	// req.OrderID). A declined charge is ErrDeclined; an unknown parent is
	// ErrNotFound; a parent that is not a paid recurring parent is
	// ErrInvalidState. On ErrOutcomeUnknown it sets Error.Advice if
	// PaymentStatus by req.OrderID cannot tell whether it was charged.
	Charge(ctx context.Context, req *ChargeRequest) (*Payment, error)
}

// ReceiptSender is implemented by providers that register fiscal receipts
// after the payment (Capabilities.ReceiptsAfterPayment, OpSendReceipt and
// OpReceiptStatus).
type ReceiptSender interface {
	// SendReceipt registers req.Receipt for the paid payment req.OrderID
	// under req.ReceiptID. It returns the receipt, usually FiscalPending.
	// An unknown payment is ErrNotFound; a payment that is not paid, or
	// one that has all the receipts the provider allows, is
	// ErrInvalidState; a receipt id already used is ErrDuplicate.
	SendReceipt(ctx context.Context, req *ReceiptRequest) (*FiscalReceipt, error)
	// ReceiptStatus looks a receipt up by q.ReceiptID; an unknown receipt
	// is ErrNotFound.
	ReceiptStatus(ctx context.Context, q ReceiptQuery) (*FiscalReceipt, error)
}

// WebhookVerifier is implemented by providers that send webhooks. The
// request's body is already limited in size by the Client; the verifier
// checks the signature over the raw received values and returns the event,
// or an error wrapping ErrInvalidSignature (bad, missing or tampered
// signature) or ErrInvalidRequest (a body it cannot parse).
type WebhookVerifier interface {
	VerifyWebhook(ctx context.Context, r *http.Request) (*Event, error)
}

// Capabilities declares what a provider supports, as data. The Client
// refuses operations that are not declared, and the conformance suite checks
// that what is declared works and what is not returns ErrUnsupported.
type Capabilities struct {
	// Operations the provider supports. OpInitPayment and OpPaymentStatus
	// are always supported; which ids PaymentStatus takes is declared by
	// LookupByOrderID and LookupByPaymentID (neither means the order id).
	Operations []Operation
	// Currencies the provider accepts for payments.
	Currencies []Currency
	// PartialRefunds reports whether a refund may be less than the payment.
	PartialRefunds bool
	// PaymentReceipts reports whether InitPayment takes a fiscal receipt
	// (InitRequest.Receipt). The Client refuses a receipt otherwise, with
	// an error wrapping errors.ErrUnsupported.
	PaymentReceipts bool
	// RefundReceipts reports whether Refund takes a fiscal receipt of the
	// refunded lines (RefundRequest.Receipt). The Client refuses a receipt
	// otherwise, with an error wrapping errors.ErrUnsupported.
	RefundReceipts bool
	// CardPayments reports whether InitPayment takes card data directly.
	CardPayments bool
	// ThreeDS reports whether InitPayment takes 3-D Secure 2.0 browser data.
	ThreeDS bool
	// Metadata reports whether InitPayment takes InitRequest.Metadata and
	// echoes it back.
	Metadata bool
	// NumericOrderIDs reports that order ids must be positive integers
	// (Robokassa's InvId).
	NumericOrderIDs bool
	// MaxOrderIDLength is the longest order id the provider accepts, in
	// characters (T-Bank's OrderId takes 36); zero means no limit known
	// beyond the Client's own 128 bytes. The Client refuses a longer order
	// id with ErrInvalidRequest before the provider sees it.
	MaxOrderIDLength int
	// LookupByOrderID reports that PaymentStatus finds a payment by the
	// merchant's order id (PaymentQuery.OrderID), as Robokassa's OpStateExt
	// does by InvId. The Client refuses a query that names a payment only
	// by a key the provider does not declare, with an error wrapping
	// errors.ErrUnsupported, before the provider sees it. A provider that
	// declares neither flag is taken to look payments up by order id.
	LookupByOrderID bool
	// LookupByPaymentID reports that PaymentStatus finds a payment by the
	// provider's own payment id (PaymentQuery.PaymentID, the Payment.ID it
	// returned), as T-Bank's GetState does by PaymentId.
	LookupByPaymentID bool
	// MaxDescription is the longest description the provider accepts, in
	// characters; zero means no limit known.
	MaxDescription int
	// IdempotentRefunds reports that Refund sends RefundRequest.Reference
	// as an idempotency key: a repeat of an order's reference returns the
	// refund the first request made (the same Refund.ID) and moves no
	// money again, as T-Bank's ExternalRequestId does. The Client then
	// sends repeats on. For a provider that does not declare it, the
	// Client refuses a repeat itself (see Options.SentRefunds).
	IdempotentRefunds bool
	// RefundLookupByReference reports that RefundStatus finds a refund by
	// the merchant's order id and reference (RefundQuery.OrderID and
	// RefundQuery.Reference). The Client refuses such a query otherwise,
	// with an error wrapping errors.ErrUnsupported.
	RefundLookupByReference bool
	// RefundMetadata reports that Refund takes RefundRequest.Metadata and
	// echoes it in Refund.Metadata. The Client refuses metadata otherwise,
	// with an error wrapping errors.ErrUnsupported.
	RefundMetadata bool
	// WithdrawalMetadata reports that Withdraw takes
	// WithdrawalRequest.Metadata and echoes it in Withdrawal.Metadata. The
	// Client refuses metadata otherwise, with an error wrapping
	// errors.ErrUnsupported.
	WithdrawalMetadata bool
	// Holds reports that InitPayment takes InitRequest.Hold (two-step
	// payments). Capture and cancel are declared as OpCapture and
	// OpCancel. The Client refuses a hold otherwise, with an error
	// wrapping errors.ErrUnsupported.
	Holds bool
	// HoldPeriod is how long the provider keeps a hold before it cancels
	// it by itself (Robokassa and T-Bank: 7 days); zero means not known.
	HoldPeriod time.Duration
	// PartialCapture reports that Capture takes CaptureRequest.Amount,
	// less than what is held. The Client refuses an amount otherwise.
	PartialCapture bool
	// CaptureReceipts reports that Capture takes a changed fiscal receipt
	// (CaptureRequest.Receipt). The Client refuses one otherwise.
	CaptureReceipts bool
	// Recurring reports that InitPayment takes InitRequest.Recurring (a
	// parent of later charges); charges are declared as OpCharge. The
	// Client refuses a recurring parent otherwise.
	Recurring bool
	// RecurringMandate reports that Charge needs the parent's mandate id
	// (ChargeRequest.Mandate, from Payment.Mandate or Event.Mandate), as
	// T-Bank's Charge needs its RebillId. The Client refuses a charge
	// without it, with ErrInvalidRequest.
	RecurringMandate bool
	// ReceiptsAfterPayment reports that the provider registers fiscal
	// receipts after the payment (SendReceipt, ReceiptStatus; declared as
	// OpSendReceipt and OpReceiptStatus too).
	ReceiptsAfterPayment bool
	// PaymentMethods are the methods InitRequest.PaymentMethod may
	// preselect. The Client refuses any other, with an error wrapping
	// errors.ErrUnsupported (a known method) or ErrInvalidRequest (an
	// unknown one).
	PaymentMethods []PaymentMethod
}

// Supports reports whether op is declared.
func (c Capabilities) Supports(op Operation) bool {
	if op == OpInitPayment || op == OpPaymentStatus {
		return true
	}
	return slices.Contains(c.Operations, op)
}

// SupportsCurrency reports whether cur is declared.
func (c Capabilities) SupportsCurrency(cur Currency) bool {
	return slices.Contains(c.Currencies, cur)
}
