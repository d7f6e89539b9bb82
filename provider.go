package payments

import (
	"context"
	"net/http"
	"slices"
)

// Provider is what a payment provider implements: the two operations every
// provider has. Apps do not call it directly; they hold a [*Client], which
// validates requests, wraps errors and applies the shared policy.
//
// Optional operations are separate interfaces ([Refunder], [BalanceReader],
// [Withdrawer], [WebhookVerifier]); a provider implements those it has and
// declares them in [Capabilities].
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
// refunds there", followed by what a resend with the same reference does.
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
