package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providers"
)

// Exit codes, documented in the main help.
const (
	exitOK          = 0 // success
	exitFailed      = 1 // the provider said no: declined, not found, insufficient funds...
	exitUsage       = 2 // bad flags or configuration, unsupported operation
	exitUnknown     = 3 // outcome unknown: do not retry, find out first as the error's advice says
	exitUnavailable = 4 // provider unavailable, transport failure
	exitWebhook     = 5 // the webhook is invalid
)

// Error kinds of the JSON output ("kind"), one per payments sentinel plus
// the tool's own.
const (
	kindUsage            = "usage"
	kindConfig           = "config"
	kindInvalidRequest   = "invalid_request"
	kindInvalidSignature = "invalid_signature"
	kindNotFound         = "not_found"
	kindDeclined         = "declined"
	kindInsufficient     = "insufficient_funds"
	kindUnauthorized     = "unauthorized"
	kindRateLimited      = "rate_limited"
	kindUnavailable      = "unavailable"
	kindOutcomeUnknown   = "outcome_unknown"
	kindProtocol         = "protocol"
	kindDuplicate        = "duplicate"
	kindAmountMismatch   = "amount_mismatch"
	kindInvalidState     = "invalid_state"
	kindUnsupported      = "unsupported"
	kindCanceled         = "canceled"
	kindTimeout          = "timeout"
	kindError            = "error"
)

// cliError is a failure the tool detected itself (a usage or configuration
// error, an unreadable file), already classified.
type cliError struct {
	kind string
	exit int
	msg  string
	err  error
}

func (e *cliError) Error() string { return e.msg }

func (e *cliError) Unwrap() error { return e.err }

// usagef returns a usage error (exit code 2) with the formatted message.
func usagef(format string, args ...any) error {
	return &cliError{kind: kindUsage, exit: exitUsage, msg: fmt.Sprintf(format, args...)}
}

// configError wraps an error of loading or opening the configuration.
func configError(err error) error {
	if isContext(err) {
		return err
	}
	return &cliError{kind: kindConfig, exit: exitUsage, msg: err.Error(), err: err}
}

func isContext(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// classify returns the JSON kind and the exit code of err.
func classify(err error) (kind string, exit int) {
	var ce *cliError
	if errors.As(err, &ce) {
		return ce.kind, ce.exit
	}
	var pce *providers.ConfigError
	if errors.As(err, &pce) {
		return kindConfig, exitUsage
	}
	// Outcome unknown first: it must never be mistaken for a failure that
	// is safe to retry.
	for _, k := range []struct {
		sentinel error
		kind     string
		exit     int
	}{
		{payments.ErrOutcomeUnknown, kindOutcomeUnknown, exitUnknown},
		{payments.ErrInvalidSignature, kindInvalidSignature, exitWebhook},
		{payments.ErrDeclined, kindDeclined, exitFailed},
		{payments.ErrNotFound, kindNotFound, exitFailed},
		{payments.ErrInsufficientFunds, kindInsufficient, exitFailed},
		{payments.ErrDuplicate, kindDuplicate, exitFailed},
		{payments.ErrAmountMismatch, kindAmountMismatch, exitFailed},
		{payments.ErrInvalidState, kindInvalidState, exitFailed},
		{payments.ErrUnavailable, kindUnavailable, exitUnavailable},
		{payments.ErrRateLimited, kindRateLimited, exitUnavailable},
		{payments.ErrProtocol, kindProtocol, exitUnavailable},
		{payments.ErrUnauthorized, kindUnauthorized, exitUsage},
		{payments.ErrInvalidRequest, kindInvalidRequest, exitUsage},
		{payments.ErrUnsupported, kindUnsupported, exitUsage},
		{context.DeadlineExceeded, kindTimeout, exitUnavailable},
		{context.Canceled, kindCanceled, exitUnavailable},
	} {
		if errors.Is(err, k.sentinel) {
			return k.kind, k.exit
		}
	}
	return kindError, exitFailed
}

// errorAdvice returns what err advises to find out the outcome of an
// operation that may have moved money, if anything.
func errorAdvice(err error) string {
	var pe *payments.Error
	if errors.As(err, &pe) {
		return pe.Advice
	}
	return ""
}

// errorCode returns the provider's own error code carried by err, if any.
func errorCode(err error) string {
	var pe *payments.Error
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}
