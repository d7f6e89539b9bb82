package providerkit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"

	"github.com/paykit/payments"
)

// MaxResponseBytes is the default limit on a provider response body that
// [Do] reads. Larger bodies are a protocol error for a read and an unknown
// outcome for an exchange that may move money.
const MaxResponseBytes = 1 << 20

// Response is a provider's response as read by [Do]: the status, the
// headers and the whole (size-limited) body.
type Response struct {
	// StatusCode is the HTTP status code.
	StatusCode int
	// Header is the response header.
	Header http.Header
	// Body is the complete response body.
	Body []byte
}

// Do sends req with client (nil means http.DefaultClient) and reads the
// whole response body through ex's limit. It never follows redirects (a 3xx
// is returned as is), it attaches ex to the request's context (see
// [ExchangeOf]), and it classifies transport failures by ex.MovesMoney:
//
//   - the request was not sent (a dial or DNS failure): ErrUnavailable, or the
//     bare context error if ctx was done before anything was sent;
//   - the request may have been sent (timeout, reset, truncated body): for an
//     exchange that moves money ErrOutcomeUnknown, for a read ErrUnavailable;
//   - the body is larger than the limit: ErrProtocol for a read and
//     ErrOutcomeUnknown for an exchange that moves money.
//
// Every error is a *payments.Error with Op set to ex.Op (Provider is left
// for [Stamp]), or a bare context error. Status codes are not judged here;
// see [StatusError] and [Response.StatusError].
func Do(ctx context.Context, client *http.Client, req *http.Request, ex Exchange) (*Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	limit := ex.limit()
	if client == nil {
		client = http.DefaultClient
	}
	c := *client
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.Do(req.WithContext(withExchange(ctx, ex)))
	if err != nil {
		return nil, TransportError(ctx, ex, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		kind := payments.ErrUnavailable
		if ex.MovesMoney {
			kind = payments.ErrOutcomeUnknown
		}
		return nil, &payments.Error{Op: ex.Op, Kind: kind, Message: "response body cut short", Err: err}
	}
	if int64(len(body)) > limit {
		kind := payments.ErrProtocol
		if ex.MovesMoney {
			kind = payments.ErrOutcomeUnknown
		}
		return nil, &payments.Error{Op: ex.Op, Kind: kind, Message: fmt.Sprintf("response body larger than %d bytes", limit)}
	}
	return &Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: body}, nil
}

// TransportError classifies an error returned by http.Client.Do for ex (see
// [Do]), for providers that send requests themselves. A request that
// certainly was not sent (dial or DNS failure) is ErrUnavailable; one that
// may have been is ErrOutcomeUnknown when ex moves money, and otherwise
// ErrUnavailable, or the bare context error once ctx is done. The URL's
// query and user information are dropped from the cause: they may hold
// signed parameters or personal data.
func TransportError(ctx context.Context, ex Exchange, err error) error {
	err = withoutQuery(err)
	if !maybeSent(err) {
		if ctx.Err() != nil && isContextErr(err) {
			return ctx.Err()
		}
		return &payments.Error{Op: ex.Op, Kind: payments.ErrUnavailable, Message: "request not sent", Err: err}
	}
	if ex.MovesMoney {
		return &payments.Error{Op: ex.Op, Kind: payments.ErrOutcomeUnknown, Message: "request may have been sent, no answer came back", Err: err}
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return &payments.Error{Op: ex.Op, Kind: payments.ErrUnavailable, Err: err}
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

// isContextErr reports whether err is (or wraps) a context error.
func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
