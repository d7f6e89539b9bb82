package providerkit

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/paykit/payments"
)

// StatusError classifies a non-2xx HTTP status of ex with the provider's
// code and message, for providers whose error bodies are not more specific.
// It returns nil for 2xx only.
//
// Statuses that mean the request was refused before anything was done keep
// their category for every exchange: 400 and 422 ErrInvalidRequest, 401 and
// 403 ErrUnauthorized, 404 ErrNotFound, 409 ErrDuplicate, 429
// ErrRateLimited, and ErrProtocol for the other refusals that precede
// processing (407, 411, 412, 414, 415, 417, 421, 425, 428, 431).
//
// Any other status may come after the server acted: a 3xx can follow a POST
// that was carried out, 408 and 413 can be sent after the body was read and
// processed, 405 and 410 come from gateways and routes that changed under a
// request, a 5xx from anywhere. For an exchange that moves money they are
// ErrOutcomeUnknown, so that nothing is resent blindly; for a read, 5xx is
// ErrUnavailable (retried) and the rest ErrProtocol.
//
// See [Response.StatusError] for the variant that also keeps the
// response's Retry-After.
func StatusError(ex Exchange, status int, code, message string) error {
	var kind error
	switch {
	case status >= 200 && status < 300:
		return nil
	case status == http.StatusBadRequest, status == http.StatusUnprocessableEntity:
		kind = payments.ErrInvalidRequest
	case status == http.StatusUnauthorized, status == http.StatusForbidden:
		kind = payments.ErrUnauthorized
	case status == http.StatusNotFound:
		kind = payments.ErrNotFound
	case status == http.StatusConflict:
		kind = payments.ErrDuplicate
	case status == http.StatusTooManyRequests:
		kind = payments.ErrRateLimited
	case refusedBeforeProcessing(status):
		kind = payments.ErrProtocol
	case ex.MovesMoney:
		kind = payments.ErrOutcomeUnknown
	case status >= 500:
		kind = payments.ErrUnavailable
	default:
		kind = payments.ErrProtocol
	}
	if message == "" {
		message = fmt.Sprintf("HTTP %d", status)
	} else {
		message = fmt.Sprintf("HTTP %d: %s", status, message)
	}
	return &payments.Error{Op: ex.Op, Kind: kind, Code: code, Message: message}
}

// refusedBeforeProcessing reports whether status is a 4xx that, by its
// definition in RFC 9110 and its companions, is sent instead of processing
// the request: the request's framing, headers, preconditions or
// connection were refused (https://www.rfc-editor.org/rfc/rfc9110#section-15.5,
// RFC 6585 for 428 and 431, RFC 8470 for 425).
func refusedBeforeProcessing(status int) bool {
	switch status {
	case http.StatusProxyAuthRequired, http.StatusLengthRequired,
		http.StatusPreconditionFailed, http.StatusRequestURITooLong,
		http.StatusUnsupportedMediaType, http.StatusExpectationFailed,
		http.StatusMisdirectedRequest, http.StatusTooEarly,
		http.StatusPreconditionRequired, http.StatusRequestHeaderFieldsTooLarge:
		return true
	}
	return false
}

// StatusError is [StatusError] for r's status, with Error.RetryAfter taken
// from r's Retry-After header when the status is 429 or 503. Providers that
// build their errors from a [Response] should use it so that the Client can
// honour the provider's wait when it retries a read.
func (r *Response) StatusError(ex Exchange, code, message string) error {
	err := StatusError(ex, r.StatusCode, code, message)
	if e, ok := err.(*payments.Error); ok && (r.StatusCode == http.StatusTooManyRequests || r.StatusCode == http.StatusServiceUnavailable) {
		e.RetryAfter = parseRetryAfter(r.Header.Get("Retry-After"), time.Now())
	}
	return err
}

// maxRetryAfter bounds a parsed Retry-After, so that no arithmetic on it
// overflows; the Client never waits that long anyway.
const maxRetryAfter = 24 * time.Hour

// parseRetryAfter reads a Retry-After value, delay-seconds or an HTTP-date
// (https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3), as a wait from
// now. It returns zero for an empty, malformed or past value.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if allDigits(v) {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter
		}
		return time.Duration(n) * time.Second
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0
	}
	return min(max(t.Sub(now), 0), maxRetryAfter)
}

// ProtocolError returns the error for a response of ex that could not be
// understood: ErrProtocol for a read, ErrOutcomeUnknown (with the parse
// failure as cause) for an exchange that moves money, since the provider
// may have acted on the request.
func ProtocolError(ex Exchange, err error) error {
	kind := payments.ErrProtocol
	if ex.MovesMoney {
		kind = payments.ErrOutcomeUnknown
	}
	return &payments.Error{Op: ex.Op, Kind: kind, Message: "malformed response", Err: err}
}
