// Package payments is a provider-neutral API for taking money online:
// payment initiation (a link, a form to post, or a direct card payment),
// status, refunds, balance, withdrawals (payouts), webhook verification,
// and the lifecycle after payment: holds, recurring charges and receipts.
//
// Applications hold one concrete type, [*Client], built with [New] over a
// [Provider]. Providers (package robokassa, package clientsdk, or your own)
// implement the small [Provider] interface plus the optional interfaces of
// what they can do, and declare it as [Capabilities]. The conformance
// package proves that every provider means the same thing by the same words.
//
// # Money
//
// Amounts are [Money]: a shopspring decimal plus an ISO 4217 [Currency],
// built from strings ([ParseMoney]) or minor units ([MinorUnits]), never
// from floats. Amounts with more decimal places than the currency has are
// rejected, not rounded. There is no default currency.
//
// # Errors
//
// Every failed operation returns an error that wraps one category sentinel
// (ErrInvalidRequest, ErrDeclined, ErrOutcomeUnknown, ...) or
// errors.ErrUnsupported, so callers branch with errors.Is, and a [*Error]
// with the operation, provider, provider code and message, reached with
// errors.As. Context errors pass through.
//
// An operation that moves money (InitPayment, Refund, Withdraw, Capture,
// Cancel, Charge) is never resent, and neither is SendReceipt, which
// registers a fiscal document. When it was sent but no usable answer came back, the error wraps
// ErrOutcomeUnknown, and its [Error.Advice] says how to find out, for that
// provider and operation, whether it happened (usually a lookup by the
// order id; where no lookup can tell, it says so) before trying again.
//
// # Refunds
//
// Every refund carries the shop's own RefundRequest.Reference, chosen once
// and sent again unchanged on every retry: the same order id and reference
// never refund twice. A provider that declares
// Capabilities.IdempotentRefunds takes the reference as an idempotency key
// and answers a repeat with the same refund; for any other provider the
// Client records the references it sent in Options.SentRefunds and refuses
// a repeat with ErrDuplicate (apps with several instances share one store).
// After ErrOutcomeUnknown, [Client.LookupRefund] finds the refund by order
// id and reference where the provider declares
// Capabilities.RefundLookupByReference. Refunds and payouts carry Metadata
// where the provider declares that it echoes it.
//
// # Holds, recurring charges and receipts after payment
//
// InitRequest.Hold asks for a two-step payment: once the buyer pays, the
// payment is StatusAuthorized, and [Client.Capture] takes all of it or a
// part (Capabilities.PartialCapture), with a changed receipt where
// declared, or [Client.Cancel] releases it. A hold left alone is cancelled
// by the provider after Capabilities.HoldPeriod (Payment.HeldUntil, where
// known). A capture of a payment that is not held, a second capture, a
// capture after a cancel or above the hold is ErrInvalidState.
//
// InitRequest.Recurring makes a payment the parent of later
// merchant-initiated charges: [Client.Charge] charges it again under a new
// order id (with the parent's Payment.Mandate where the provider issues
// one). A charge the provider reports later is StatusPending until its
// webhook or a PaymentStatus lookup by the charge's order id says more.
//
// [Client.SendReceipt] registers a fiscal receipt after the payment, such
// as the settlement ("second") receipt on delivery, and
// [Client.ReceiptStatus] looks it up. InitRequest.PaymentMethod preselects
// a method (SBP, ...) where the provider declares it; unknown hints are
// refused, not ignored. Holds, captures, cancellations and charge results
// arrive as EventPayment events whose Status says which.
//
// # Webhooks
//
// [Client.VerifyWebhook] turns an incoming request into a verified [Event].
// [Client.WebhookHandler] does verify, de-duplicate, handle and acknowledge
// in that order, acknowledging only after the app's function succeeded.
//
// # Testing
//
// Package paymentstest has a stateful in-memory fake provider for testing
// apps offline; package conformance has the shared suite for providers.
package payments
