package paymentstest

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// errorCode is one row of the API's error table: the category, its code in
// the error body and the HTTP status it is sent with.
type errorCode struct {
	kind   error
	code   string
	status int
}

// errorCodes maps error categories onto the API's error replies and back.
// Categories that mean "the server failed" (ErrProtocol, ErrOutcomeUnknown,
// an unclassified error) are sent as 500 "internal" and read back by the
// shared status policy (providerkit.StatusError).
var errorCodes = []errorCode{
	{payments.ErrInvalidRequest, "invalid_request", http.StatusBadRequest},
	{payments.ErrInvalidSignature, "invalid_signature", http.StatusBadRequest},
	{errors.ErrUnsupported, "unsupported", http.StatusBadRequest},
	{payments.ErrUnauthorized, "unauthorized", http.StatusUnauthorized},
	{payments.ErrInsufficientFunds, "insufficient_funds", http.StatusPaymentRequired},
	{payments.ErrDeclined, "declined", http.StatusPaymentRequired},
	{payments.ErrNotFound, "not_found", http.StatusNotFound},
	{payments.ErrDuplicate, "duplicate", http.StatusConflict},
	{payments.ErrInvalidState, "invalid_state", http.StatusConflict},
	{payments.ErrAmountMismatch, "amount_mismatch", http.StatusUnprocessableEntity},
	{payments.ErrRateLimited, "rate_limited", http.StatusTooManyRequests},
	{payments.ErrUnavailable, "unavailable", http.StatusServiceUnavailable},
}

const codeInternal = "internal"

// errorReply returns the HTTP status and body that report err.
func errorReply(err error) (int, apiError) {
	var pe *payments.Error
	if !errors.As(err, &pe) {
		return http.StatusInternalServerError, apiError{apiErrorBody{Code: codeInternal, Message: err.Error()}}
	}
	status, code := http.StatusInternalServerError, codeInternal
	for _, c := range errorCodes {
		if pe.Kind == c.kind {
			status, code = c.status, c.code
			break
		}
	}
	body := apiErrorBody{Code: code, Message: pe.Message, Fields: pe.Fields}
	if pe.Code != code {
		body.Reason = pe.Code
	}
	if body.Message == "" && pe.Err != nil {
		body.Message = pe.Err.Error()
	}
	return status, apiError{body}
}

// replyError turns a non-2xx reply of ex into an error. A 4xx reply with a
// known code is reported as that category with the provider's code
// (Reason, else Code), message and fields; anything else (5xx, 3xx, an
// unknown code, a body that is not the API's error) follows the shared
// policy of providerkit.StatusError for ex. A 429 or 503 keeps its Retry-After in
// Error.RetryAfter, so that the Client waits as asked before retrying a
// read.
func replyError(ex providerkit.Exchange, resp *providerkit.Response) error {
	var body apiError
	if json.Unmarshal(resp.Body, &body) != nil {
		body = apiError{}
	}
	e := body.Error
	code := e.Code
	if e.Reason != "" {
		code = e.Reason
	}
	if resp.StatusCode >= 400 && resp.StatusCode < 500 {
		for _, c := range errorCodes {
			if e.Code == c.code {
				pe := &payments.Error{Op: ex.Op, Kind: c.kind, Code: code, Message: e.Message, Fields: e.Fields}
				if se, ok := resp.StatusError(ex, "", "").(*payments.Error); ok {
					pe.RetryAfter = se.RetryAfter
				}
				return pe
			}
		}
	}
	return resp.StatusError(ex, code, e.Message)
}
