package providerkit_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

const apiURL = "https://api.provider.example/v1/status"

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func newRequest(t *testing.T) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, apiURL, strings.NewReader("a=1"))
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// ex is the exchange that an operation's label gave before exchanges were
// declared one by one: Moving for an operation that moves money, Read for
// the others. The tests of the shared policy below use it for both kinds.
func ex(op payments.Operation) providerkit.Exchange {
	if op.MovesMoney() {
		return providerkit.Moving(op)
	}
	return providerkit.Read(op)
}

// exLimit is ex with a response limit.
func exLimit(op payments.Operation, limit int64) providerkit.Exchange {
	e := ex(op)
	e.Limit = limit
	return e
}

// timeoutError is a net.Error that timed out (as a read deadline gives).
type timeoutError struct{}

func (timeoutError) Error() string   { return "i/o timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

// brokenBody returns some bytes, then io.ErrUnexpectedEOF.
type brokenBody struct {
	sent   bool
	closed *bool
}

func (b *brokenBody) Read(p []byte) (int, error) {
	if !b.sent {
		b.sent = true
		return copy(p, `{"status":`), nil
	}
	return 0, io.ErrUnexpectedEOF
}

func (b *brokenBody) Close() error { *b.closed = true; return nil }

func TestDoSuccess(t *testing.T) {
	t.Parallel()
	mock := httpmock.NewMockTransport()
	mock.RegisterResponder(http.MethodPost, apiURL, func(r *http.Request) (*http.Response, error) {
		body, _ := io.ReadAll(r.Body)
		if string(body) != "a=1" {
			return httpmock.NewStringResponse(http.StatusBadRequest, "wrong body"), nil
		}
		resp := httpmock.NewStringResponse(http.StatusCreated, `{"ok":true}`)
		resp.Header.Set("X-Request-Id", "rq-1")
		return resp, nil
	})
	resp, err := providerkit.Do(context.Background(), &http.Client{Transport: mock}, newRequest(t), ex(payments.OpPaymentStatus))
	if err != nil {
		t.Fatalf("Do = %v", err)
	}
	if resp.StatusCode != http.StatusCreated || string(resp.Body) != `{"ok":true}` || resp.Header.Get("X-Request-Id") != "rq-1" {
		t.Errorf("Do = %d %q %v", resp.StatusCode, resp.Body, resp.Header)
	}
}

func TestDoDoesNotFollowRedirects(t *testing.T) {
	t.Parallel()
	mock := httpmock.NewMockTransport()
	mock.RegisterResponder(http.MethodPost, apiURL, func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(http.StatusFound, "moved")
		resp.Header.Set("Location", "https://elsewhere.example/login")
		return resp, nil
	})
	mock.RegisterResponder(http.MethodGet, "https://elsewhere.example/login", httpmock.NewStringResponder(http.StatusOK, "login page"))
	followed := 0
	client := &http.Client{Transport: mock, CheckRedirect: func(*http.Request, []*http.Request) error { followed++; return nil }}
	resp, err := providerkit.Do(context.Background(), client, newRequest(t), ex(payments.OpInitPayment))
	if err != nil {
		t.Fatalf("Do = %v", err)
	}
	if resp.StatusCode != http.StatusFound || string(resp.Body) != "moved" || resp.Header.Get("Location") != "https://elsewhere.example/login" {
		t.Errorf("Do = %d %q %v; want the 302 as is", resp.StatusCode, resp.Body, resp.Header)
	}
	if n := mock.GetCallCountInfo()["GET https://elsewhere.example/login"]; n != 0 || followed != 0 {
		t.Errorf("redirect followed (%d calls, CheckRedirect called %d times)", n, followed)
	}
	if client.CheckRedirect == nil {
		t.Error("Do changed the caller's client")
	}
}

func TestDoBodyLimit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		size  int
		limit int64
		op    payments.Operation
		kind  error // nil: success
	}{
		{"at limit", 10, 10, payments.OpPaymentStatus, nil},
		{"over limit read", 11, 10, payments.OpPaymentStatus, payments.ErrProtocol},
		{"over limit money", 11, 10, payments.OpRefund, payments.ErrOutcomeUnknown},
		{"default limit reached", providerkit.MaxResponseBytes, 0, payments.OpBalance, nil},
		{"default limit exceeded", providerkit.MaxResponseBytes + 1, -1, payments.OpBalance, payments.ErrProtocol},
		{"default limit exceeded money", providerkit.MaxResponseBytes + 1, 0, payments.OpWithdraw, payments.ErrOutcomeUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			mock := httpmock.NewMockTransport()
			mock.RegisterResponder(http.MethodPost, apiURL, httpmock.NewStringResponder(http.StatusOK, strings.Repeat("x", tt.size)))
			resp, err := providerkit.Do(context.Background(), &http.Client{Transport: mock}, newRequest(t), exLimit(tt.op, tt.limit))
			if tt.kind == nil {
				if err != nil || len(resp.Body) != tt.size {
					t.Fatalf("Do = %v; want the whole %d-byte body", err, tt.size)
				}
				return
			}
			wantTransportErr(t, err, tt.kind, tt.op)
			if resp != nil {
				t.Errorf("Do returned a response with the error")
			}
		})
	}
}

func wantTransportErr(t *testing.T, err error, kind error, op payments.Operation) *payments.Error {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Fatalf("error %v does not wrap %v", err, kind)
	}
	var pe *payments.Error
	if !errors.As(err, &pe) {
		t.Fatalf("error %T is not a *payments.Error", err)
	}
	if pe.Op != op || pe.Kind != kind {
		t.Errorf("Op = %q, Kind = %v; want %q, %v", pe.Op, pe.Kind, op, kind)
	}
	return pe
}

func TestDoCanceledBeforeSend(t *testing.T) {
	t.Parallel()
	mock := httpmock.NewMockTransport()
	mock.RegisterResponder(http.MethodPost, apiURL, httpmock.NewStringResponder(http.StatusOK, "ok"))
	for _, op := range []payments.Operation{payments.OpPaymentStatus, payments.OpInitPayment} {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		resp, err := providerkit.Do(ctx, &http.Client{Transport: mock}, newRequest(t), ex(op))
		if err != context.Canceled || resp != nil {
			t.Errorf("%s: Do with a canceled context = %v, %v; want the bare context.Canceled", op, resp, err)
		}
	}
	if n := mock.GetTotalCallCount(); n != 0 {
		t.Errorf("transport called %d times with a canceled context", n)
	}
}

func TestDoTransportFaults(t *testing.T) {
	t.Parallel()
	fail := func(err error) http.RoundTripper {
		return roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, err })
	}
	reset := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	tests := []struct {
		name      string
		rt        http.RoundTripper
		cause     error // errors.Is target, if any
		readKind  error
		moneyKind error
	}{
		{"dial refused", fail(&net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}), syscall.ECONNREFUSED, payments.ErrUnavailable, payments.ErrUnavailable},
		{"DNS failure", fail(&net.DNSError{Err: "no such host", Name: "api.provider.example", IsNotFound: true}), nil, payments.ErrUnavailable, payments.ErrUnavailable},
		{"connection reset", fail(reset), syscall.ECONNRESET, payments.ErrUnavailable, payments.ErrOutcomeUnknown},
		{"read timeout", fail(&net.OpError{Op: "read", Net: "tcp", Err: timeoutError{}}), nil, payments.ErrUnavailable, payments.ErrOutcomeUnknown},
		{"bare timeout", fail(timeoutError{}), nil, payments.ErrUnavailable, payments.ErrOutcomeUnknown},
		{"EOF", fail(io.EOF), io.EOF, payments.ErrUnavailable, payments.ErrOutcomeUnknown},
		{"write broken pipe", fail(&net.OpError{Op: "write", Net: "tcp", Err: syscall.EPIPE}), syscall.EPIPE, payments.ErrUnavailable, payments.ErrOutcomeUnknown},
		{"truncated body", nil, io.ErrUnexpectedEOF, payments.ErrUnavailable, payments.ErrOutcomeUnknown},
	}
	for _, tt := range tests {
		for _, op := range []payments.Operation{payments.OpPaymentStatus, payments.OpInitPayment} {
			t.Run(tt.name+" "+string(op), func(t *testing.T) {
				t.Parallel()
				rt := tt.rt
				closed := false
				if rt == nil {
					rt = roundTripFunc(func(r *http.Request) (*http.Response, error) {
						return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: &brokenBody{closed: &closed}, Request: r}, nil
					})
				}
				resp, err := providerkit.Do(context.Background(), &http.Client{Transport: rt}, newRequest(t), ex(op))
				if resp != nil {
					t.Errorf("Do returned a response with the error")
				}
				want := tt.readKind
				if op.MovesMoney() {
					want = tt.moneyKind
				}
				wantTransportErr(t, err, want, op)
				if want == payments.ErrUnavailable && errors.Is(err, payments.ErrOutcomeUnknown) {
					t.Errorf("error %v is also ErrOutcomeUnknown", err)
				}
				if tt.cause != nil && !errors.Is(err, tt.cause) {
					t.Errorf("error %v lost its cause %v", err, tt.cause)
				}
				if tt.rt == nil && !closed {
					t.Error("response body not closed")
				}
			})
		}
	}
}

func TestDoContextDoneWhileSending(t *testing.T) {
	t.Parallel()
	// The context ends once the request is in the transport, which gives up
	// as net/http does. (Canceling from inside the transport, not with a
	// short timeout, so that a slow machine cannot end it before sending.)
	for _, op := range []payments.Operation{payments.OpPaymentStatus, payments.OpWithdraw} {
		t.Run(string(op), func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			hang := roundTripFunc(func(r *http.Request) (*http.Response, error) {
				cancel()
				<-r.Context().Done()
				return nil, r.Context().Err()
			})
			_, err := providerkit.Do(ctx, &http.Client{Transport: hang}, newRequest(t), ex(op))
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("Do = %v, want context.Canceled", err)
			}
			var pe *payments.Error
			if op.MovesMoney() {
				// Maybe sent: the outcome is unknown.
				wantTransportErr(t, err, payments.ErrOutcomeUnknown, op)
			} else if errors.As(err, &pe) {
				t.Errorf("a read's context error was wrapped: %v", err)
			}
		})
	}

	// A dial that fails because the context was canceled was never sent:
	// the bare context error, even for money.
	for _, op := range []payments.Operation{payments.OpPaymentStatus, payments.OpRefund} {
		ctx, cancel := context.WithCancel(context.Background())
		dial := roundTripFunc(func(*http.Request) (*http.Response, error) {
			cancel()
			return nil, &net.OpError{Op: "dial", Net: "tcp", Err: context.Canceled}
		})
		_, err := providerkit.Do(ctx, &http.Client{Transport: dial}, newRequest(t), ex(op))
		var pe *payments.Error
		if !errors.Is(err, context.Canceled) || errors.As(err, &pe) {
			t.Errorf("%s: canceled dial = %v, want the bare context.Canceled", op, err)
		}
	}
}

func TestDoClientTimeout(t *testing.T) {
	t.Parallel()
	hang := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		<-r.Context().Done()
		return nil, r.Context().Err()
	})
	for _, op := range []payments.Operation{payments.OpPaymentStatus, payments.OpRefund} {
		client := &http.Client{Transport: hang, Timeout: time.Millisecond}
		_, err := providerkit.Do(context.Background(), client, newRequest(t), ex(op))
		want := payments.ErrUnavailable
		if op.MovesMoney() {
			want = payments.ErrOutcomeUnknown
		}
		wantTransportErr(t, err, want, op)
	}
}

func TestTransportError(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dial := &net.OpError{Op: "dial", Err: errors.New("refused")}
	wrappedDial := &struct{ error }{dial} // hides the type: maybe sent
	for _, tt := range []struct {
		name string
		op   payments.Operation
		err  error
		want error
	}{
		{"dial read", payments.OpBalance, dial, payments.ErrUnavailable},
		{"dial money", payments.OpWithdraw, dial, payments.ErrUnavailable},
		{"DNS money", payments.OpRefund, &net.DNSError{Err: "x"}, payments.ErrUnavailable},
		{"reset money", payments.OpRefund, &net.OpError{Op: "read", Err: syscall.ECONNRESET}, payments.ErrOutcomeUnknown},
		{"opaque money", payments.OpInitPayment, wrappedDial, payments.ErrOutcomeUnknown},
		{"opaque read", payments.OpRefundStatus, wrappedDial, payments.ErrUnavailable},
	} {
		err := providerkit.TransportError(ctx, ex(tt.op), tt.err)
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: TransportError = %v, want %v", tt.name, err, tt.want)
		}
		if !errors.Is(err, tt.err) {
			t.Errorf("%s: TransportError = %v lost the cause", tt.name, err)
		}
	}
}

func TestTransportErrorDropsQuery(t *testing.T) {
	t.Parallel()
	c := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("refused")}
	})}
	req, _ := http.NewRequest(http.MethodGet, "http://provider.invalid/status?order=1&signature=SECRETSIG", nil)
	_, err := providerkit.Do(context.Background(), c, req, ex(payments.OpPaymentStatus))
	if err == nil || strings.Contains(err.Error(), "SECRETSIG") || !strings.Contains(err.Error(), "provider.invalid/status") {
		t.Errorf("error %q: want the path without the query", err)
	}
	if !errors.Is(err, payments.ErrUnavailable) {
		t.Errorf("error %q lost its category", err)
	}
}
