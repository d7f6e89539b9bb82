package payments

import "time"

// NextStepKind says what the app must do after initiating a payment.
type NextStepKind string

// The kinds of next step.
const (
	// NextNone: nothing; the payment is already complete or processing.
	NextNone NextStepKind = ""
	// NextRedirect: send the buyer's browser to URL with a GET.
	NextRedirect NextStepKind = "redirect"
	// NextPostForm: make the buyer's browser POST Fields to URL (render an
	// auto-submitting HTML form).
	NextPostForm NextStepKind = "post_form"
)

// NextStep is what the buyer's browser must do next, as data: the app
// renders it.
type NextStep struct {
	// Kind of the step.
	Kind NextStepKind
	// URL to redirect to or to post to.
	URL string
	// Fields to post, in order (only for NextPostForm).
	Fields []Field
}

// Field is one name/value pair of a form.
type Field struct {
	// Name of the field.
	Name string
	// Value of the field.
	Value string
}

// Payment is what a provider knows of a payment.
type Payment struct {
	// OrderID is the merchant's order id.
	OrderID string
	// ID is the provider's own id of the payment, if it has one.
	ID string
	// Status is the payment's state.
	Status Status
	// Amount is the amount of the payment as the provider reports it; zero
	// if the provider did not report it.
	Amount Money
	// Fee is the provider's fee, if reported.
	Fee Money
	// Method is the payment method used ("BankCard", "SBP"), if known.
	Method string
	// NextStep is what the buyer must do next (after InitPayment).
	NextStep NextStep
	// ErrorCode and ErrorMessage explain a failed payment, as the provider
	// reported them.
	ErrorCode string
	// ErrorMessage is the provider's explanation of a failure.
	ErrorMessage string
	// RefundStatus is the state of refunds of this payment, if the provider
	// reports it; empty otherwise.
	RefundStatus Status
	// Mandate is the provider's rebill or mandate id of a paid recurring
	// parent (InitRequest.Recurring), which later charges pass in
	// ChargeRequest.Mandate, where the provider issues one (T-Bank's
	// RebillId); empty otherwise.
	Mandate string
	// HeldUntil is when the provider cancels a held (authorized) payment
	// by itself unless it is captured, if known; zero otherwise.
	HeldUntil time.Time
	// Raw holds the provider's own fields, for what the portable type lacks.
	Raw map[string]string
}

// Refund is what a provider knows of a refund.
type Refund struct {
	// ID is the provider's id of the refund request.
	ID string
	// OrderID is the merchant's order id of the refunded payment.
	OrderID string
	// Amount refunded (or requested), if known.
	Amount Money
	// Status of the refund: processing, succeeded, failed or canceled.
	Status Status
	// Reference is the merchant's refund reference (RefundRequest.Reference).
	// Client.Refund always sets it; a lookup sets it where the provider
	// reports it.
	Reference string
	// Metadata are the merchant's pairs as the provider echoes them, for
	// providers that declare Capabilities.RefundMetadata.
	Metadata map[string]string
	// Raw holds the provider's own fields.
	Raw map[string]string
}

// Balance is the merchant's balance in one currency.
type Balance struct {
	// Available is the amount that can be withdrawn.
	Available Money
	// Raw holds the provider's own fields.
	Raw map[string]string
}

// Withdrawal is what a provider knows of a payout.
type Withdrawal struct {
	// ID is the provider's payout id.
	ID string
	// OrderID is the merchant's payout order id.
	OrderID string
	// Amount of the payout, if reported.
	Amount Money
	// Fee charged, if reported.
	Fee Money
	// Status of the payout.
	Status Status
	// ErrorCode and ErrorMessage explain a failed payout.
	ErrorCode string
	// ErrorMessage is the provider's explanation of a failure.
	ErrorMessage string
	// Metadata are the merchant's pairs as the provider echoes them, for
	// providers that declare Capabilities.WithdrawalMetadata.
	Metadata map[string]string
	// Raw holds the provider's own fields.
	Raw map[string]string
}
