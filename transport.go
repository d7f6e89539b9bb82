package payments

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
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
		return &Error{Op: op, Kind: ErrOutcomeUnknown, Message: "request sent, no answer; look the order up before trying again", Err: err}
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
	u.RawQuery, u.User = "", nil
	return &url.Error{Op: ue.Op, URL: u.String() + "?…", Err: ue.Err}
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
// code and message, for providers whose error bodies are not more specific:
// 400 and 422 ErrInvalidRequest, 401 and 403 ErrUnauthorized, 404
// ErrNotFound, 409 ErrDuplicate, 429 ErrRateLimited, other 4xx
// ErrProtocol, 3xx ErrProtocol, and 5xx ErrUnavailable for reads but
// ErrOutcomeUnknown for operations that move money. It returns nil for 2xx.
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
	case status >= 500:
		kind = ErrUnavailable
		if op.MovesMoney() {
			kind = ErrOutcomeUnknown
		}
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
