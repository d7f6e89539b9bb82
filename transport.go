package payments

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// MaxResponseBytes is the default limit on a provider response body that
// [DoHTTP] reads. Larger bodies are a protocol error.
const MaxResponseBytes = 1 << 20

// HTTPResponse is a provider's response as read by [DoHTTP]: the status,
// the headers and the whole (size-limited) body.
type HTTPResponse struct {
	// StatusCode is the HTTP status code.
	StatusCode int
	// Header is the response header.
	Header http.Header
	// Body is the complete response body.
	Body []byte
}

// DoHTTP sends req with client and reads the whole response body through a
// limit (limit <= 0 means MaxResponseBytes). It is the shared transport
// policy for provider authors: it never follows redirects (a 3xx is
// returned as is), and it classifies transport failures for op:
//
//   - the request was not sent (a dial or DNS failure): ErrUnavailable, or the
//     bare context error if ctx was done before anything was sent;
//   - the request may have been sent (timeout, reset, truncated body): for an
//     operation that moves money ErrOutcomeUnknown, for a read ErrUnavailable;
//   - the body is larger than the limit: ErrProtocol for reads and
//     ErrOutcomeUnknown for operations that move money.
//
// Status codes are not judged here; see [StatusError].
func DoHTTP(ctx context.Context, client *http.Client, req *http.Request, op Operation, limit int64) (*HTTPResponse, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = MaxResponseBytes
	}
	if client == nil {
		client = http.DefaultClient
	}
	c := *client
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.Do(req.WithContext(ctx))
	if err != nil {
		return nil, TransportError(ctx, op, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		if op.MovesMoney() {
			return nil, &Error{Op: op, Kind: ErrOutcomeUnknown, Message: "response body cut short", Err: err}
		}
		return nil, &Error{Op: op, Kind: ErrUnavailable, Message: "response body cut short", Err: err}
	}
	if int64(len(body)) > limit {
		kind := ErrProtocol
		if op.MovesMoney() {
			kind = ErrOutcomeUnknown
		}
		return nil, &Error{Op: op, Kind: kind, Message: fmt.Sprintf("response body larger than %d bytes", limit)}
	}
	return &HTTPResponse{StatusCode: resp.StatusCode, Header: resp.Header, Body: body}, nil
}

// TransportError classifies an error returned by http.Client.Do for op: see
// [DoHTTP]. A request that certainly was not sent (dial or DNS failure) is
// ErrUnavailable; one that may have been is ErrOutcomeUnknown when op moves
// money.
func TransportError(ctx context.Context, op Operation, err error) error {
	err = withoutQuery(err)
	if !maybeSent(err) {
		if ctx.Err() != nil && isContextErr(err) {
			return ctx.Err()
		}
		return &Error{Op: op, Kind: ErrUnavailable, Message: "request not sent", Err: err}
	}
	if op.MovesMoney() {
		return &Error{Op: op, Kind: ErrOutcomeUnknown, Message: "request may have been sent, no answer came back", Err: err}
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return &Error{Op: op, Kind: ErrUnavailable, Err: err}
}

// withoutQuery drops the query from the URL that http.Client puts in its
// errors: it holds signed parameters, and sometimes personal data, that do
// not belong in logs.
func withoutQuery(err error) error {
	ue, ok := err.(*url.Error)
	if !ok {
		return err
	}
	u, perr := url.Parse(ue.URL)
	if perr != nil || (u.RawQuery == "" && u.User == nil) {
		return err
	}
	cut := ""
	if u.RawQuery != "" {
		cut = "?…"
	}
	u.RawQuery, u.User = "", nil
	return &url.Error{Op: ue.Op, URL: u.String() + cut, Err: ue.Err}
}

// maybeSent reports whether the request behind err may have reached the
// server. Only dial and name-resolution failures prove it did not.
func maybeSent(err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return false
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return false
	}
	return true
}

// StatusError classifies a non-2xx HTTP status for op with the provider's
// code and message, for providers whose error bodies are not more specific.
// It returns nil for 2xx only.
//
// Statuses that mean the request was refused before anything was done keep
// their category for every operation: 400 and 422 ErrInvalidRequest, 401 and
// 403 ErrUnauthorized, 404 ErrNotFound, 409 ErrDuplicate, 429
// ErrRateLimited, and ErrProtocol for the other refusals that precede
// processing (407, 411, 412, 414, 415, 417, 421, 425, 428, 431).
//
// Any other status may come after the server acted: a 3xx can follow a POST
// that was carried out, 408 and 413 can be sent after the body was read and
// processed, 405 and 410 come from gateways and routes that changed under a
// request, a 5xx from anywhere. For an operation that moves money they are
// ErrOutcomeUnknown, so that nothing is resent blindly; for a read, 5xx is
// ErrUnavailable (retried) and the rest ErrProtocol.
//
// See [HTTPResponse.StatusError] for the variant that also keeps the
// response's Retry-After.
func StatusError(op Operation, status int, code, message string) error {
	var kind error
	switch {
	case status >= 200 && status < 300:
		return nil
	case status == http.StatusBadRequest, status == http.StatusUnprocessableEntity:
		kind = ErrInvalidRequest
	case status == http.StatusUnauthorized, status == http.StatusForbidden:
		kind = ErrUnauthorized
	case status == http.StatusNotFound:
		kind = ErrNotFound
	case status == http.StatusConflict:
		kind = ErrDuplicate
	case status == http.StatusTooManyRequests:
		kind = ErrRateLimited
	case refusedBeforeProcessing(status):
		kind = ErrProtocol
	case op.MovesMoney():
		kind = ErrOutcomeUnknown
	case status >= 500:
		kind = ErrUnavailable
	default:
		kind = ErrProtocol
	}
	if message == "" {
		message = fmt.Sprintf("HTTP %d", status)
	} else {
		message = fmt.Sprintf("HTTP %d: %s", status, message)
	}
	return &Error{Op: op, Kind: kind, Code: code, Message: message}
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
// build their errors from an [HTTPResponse] should use it so that the
// Client can honour the provider's wait when it retries a read.
func (r *HTTPResponse) StatusError(op Operation, code, message string) error {
	err := StatusError(op, r.StatusCode, code, message)
	if e, ok := err.(*Error); ok && (r.StatusCode == http.StatusTooManyRequests || r.StatusCode == http.StatusServiceUnavailable) {
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

// ProtocolError returns the error for a response that could not be
// understood: ErrProtocol for reads, ErrOutcomeUnknown (with the parse
// failure as cause) for operations that move money, since the provider may
// have acted on the request.
func ProtocolError(op Operation, err error) error {
	kind := ErrProtocol
	if op.MovesMoney() {
		kind = ErrOutcomeUnknown
	}
	return &Error{Op: op, Kind: kind, Message: "malformed response", Err: err}
}
