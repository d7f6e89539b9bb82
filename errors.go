package payments

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Error categories. Every error a Client returns for a failed operation
// wraps exactly one of these (or errors.ErrUnsupported, or a context error),
// so callers decide what to do with errors.Is. Details are on [*Error].
var (
	// ErrInvalidRequest: the request was rejected before or by the provider
	// because of bad input (amount, currency, order id, card data...).
	ErrInvalidRequest = errors.New("payments: invalid request")
	// ErrInvalidSignature: a webhook or callback is not signed correctly
	// (missing, malformed, tampered or made with another secret).
	ErrInvalidSignature = errors.New("payments: invalid signature")
	// ErrNotFound: the provider does not know the order, payment, refund or
	// withdrawal.
	ErrNotFound = errors.New("payments: not found")
	// ErrDeclined: the payment or payout was declined by the provider, bank or
	// card issuer.
	ErrDeclined = errors.New("payments: declined")
	// ErrInsufficientFunds: not enough money for the refund or withdrawal.
	ErrInsufficientFunds = errors.New("payments: insufficient funds")
	// ErrUnauthorized: the provider rejected the merchant's credentials or
	// request signature.
	ErrUnauthorized = errors.New("payments: unauthorized")
	// ErrRateLimited: the provider asked to slow down. Safe to retry later.
	ErrRateLimited = errors.New("payments: rate limited")
	// ErrUnavailable: the provider could not be reached or failed before
	// acting on the request. Reads are retried; nothing moved money.
	ErrUnavailable = errors.New("payments: provider unavailable")
	// ErrOutcomeUnknown: a request that moves money was sent and no usable
	// answer came back (timeout, reset, 5xx, truncated or malformed reply).
	// It is never resent: the error's Advice (see [Error]) says how to find
	// out whether it happened for this provider.
	ErrOutcomeUnknown = errors.New("payments: outcome unknown")
	// ErrProtocol: the provider answered something this library cannot
	// understand (malformed, oversized, or inconsistent with the protocol).
	ErrProtocol = errors.New("payments: protocol error")
	// ErrDuplicate: the order id or event was already used or handled.
	ErrDuplicate = errors.New("payments: duplicate")
	// ErrInvalidState: the payment is not in a state that allows the
	// operation: a capture of a payment that is not held, a second
	// capture, a capture after a cancel or above the held amount, a cancel
	// after a capture, a charge of a payment that is not a recurring
	// parent. Nothing was done; look the payment up to see its state.
	ErrInvalidState = errors.New("payments: invalid state")
	// ErrAmountMismatch: an amount or currency reported by the provider
	// (response or webhook) differs from the one expected. Never treat such a
	// payment as paid.
	ErrAmountMismatch = errors.New("payments: amount or currency mismatch")
)

// ErrUnsupported is errors.ErrUnsupported, re-exported for discoverability:
// operations a provider lacks return an error wrapping it.
var ErrUnsupported = errors.ErrUnsupported

// Error is the detailed error of a failed operation. It unwraps to its
// category (Kind, one of the Err* sentinels) and to its cause, so both
// errors.Is(err, payments.ErrDeclined) and errors.As(err, &*payments.Error)
// work. Error strings never contain secrets or card data.
type Error struct {
	// Op is the operation that failed.
	Op Operation
	// Provider is the provider's name, such as "robokassa".
	Provider string
	// Kind is the category: one of the Err* sentinels of this package or
	// errors.ErrUnsupported. It may be nil for an unclassified failure.
	Kind error
	// Code is the provider's own error code, if it gave one.
	Code string
	// Message is the provider's own error message, if it gave one.
	Message string
	// Fields holds per-field validation messages reported by the provider.
	Fields map[string][]string
	// Err is the underlying cause, if any.
	Err error
	// Advice says how to find out what happened after an error wrapping
	// ErrOutcomeUnknown, in words that are true for this provider and this
	// operation (for example, which lookup can answer and which cannot). It
	// is not part of Error(). The Client fills in a default when the
	// provider gave none: look the payment up by its order id
	// (InitPayment, Capture, Cancel; Charge by the charge's own order id),
	// look the payout up by its order id (Withdraw), look the receipt up by
	// its receipt id (SendReceipt), or, for a refund, look the payment up
	// only where the provider reports its refunds there. None advises a
	// resend. A provider whose lookups cannot tell whether the
	// operation happened must set its own Advice saying so, and what to check
	// instead.
	Advice string
	// RetryAfter is how long the provider asked to wait before trying again
	// (the Retry-After of a 429 or 503 answer), zero if it did not say. The
	// Client honours it when it retries a read.
	RetryAfter time.Duration
}

// Error implements the error interface.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("payments")
	if e.Provider != "" {
		b.WriteString(": ")
		b.WriteString(e.Provider)
	}
	if e.Op != "" {
		b.WriteString(": ")
		b.WriteString(string(e.Op))
	}
	if e.Kind != nil {
		b.WriteString(": ")
		b.WriteString(strings.TrimPrefix(e.Kind.Error(), "payments: "))
	}
	if e.Code != "" {
		fmt.Fprintf(&b, " [code %s]", e.Code)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if len(e.Fields) > 0 {
		b.WriteString(" (")
		b.WriteString(formatFields(e.Fields))
		b.WriteString(")")
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func formatFields(fields map[string][]string) string {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+": "+strings.Join(fields[k], "; "))
	}
	return strings.Join(parts, ", ")
}

// Unwrap returns the category and the cause.
func (e *Error) Unwrap() []error {
	errs := make([]error, 0, 2)
	if e.Kind != nil {
		errs = append(errs, e.Kind)
	}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

// NewError returns an *Error of the given kind with the provider's code and
// message. Providers use it to report what the provider said.
func NewError(kind error, code, message string) *Error {
	return &Error{Kind: kind, Code: code, Message: message}
}

// Errorf returns an *Error of the given kind whose cause is a formatted
// message. Providers use it for failures they detect themselves.
func Errorf(kind error, format string, args ...any) *Error {
	return &Error{Kind: kind, Err: fmt.Errorf(format, args...)}
}

func invalidf(format string, args ...any) *Error {
	return Errorf(ErrInvalidRequest, format, args...)
}

// isContextErr reports whether err is (or wraps) a context error and nothing
// else worth reporting.
func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// wrapErr attaches the operation and provider to err, once. Context errors
// pass through unchanged for a resendable operation; an *Error gets its Op
// and Provider filled in; any other error becomes the cause of a new
// *Error, classified as ErrOutcomeUnknown when the operation is not
// resendable.
func wrapErr(op Operation, provider string, err error) error {
	if err == nil {
		return nil
	}
	var pe *Error
	if errors.As(err, &pe) {
		cp := *pe
		if cp.Op == "" {
			cp.Op = op
		}
		if cp.Provider == "" {
			cp.Provider = provider
		}
		if cp.Kind == nil {
			cp.Kind = unclassifiedKind(op)
		}
		// Keep the outer chain if the provider wrapped its *Error further,
		// and what the provider said about resolving and retrying it.
		if pe != err {
			return &Error{Op: op, Provider: provider, Kind: cp.Kind, Err: err, Advice: pe.Advice, RetryAfter: pe.RetryAfter}
		}
		return &cp
	}
	if isContextErr(err) && op.Resendable() {
		return err
	}
	if errors.Is(err, errors.ErrUnsupported) {
		return &Error{Op: op, Provider: provider, Kind: errors.ErrUnsupported, Err: err}
	}
	return &Error{Op: op, Provider: provider, Kind: unclassifiedKind(op), Err: err}
}

// unclassifiedKind is the category of a provider failure that came without
// one: for what is not resendable (money-moving calls, receipts) the
// outcome is unknown (never resend blindly);
// for anything else the provider broke its contract, a protocol error.
func unclassifiedKind(op Operation) error {
	if !op.Resendable() {
		return ErrOutcomeUnknown
	}
	return ErrProtocol
}
