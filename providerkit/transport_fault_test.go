package providerkit_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// A dial error that carries context.DeadlineExceeded (a dialer's own
// timeout) while the caller's context is still alive is a failure to send,
// never a success and never the caller's deadline.
func TestTransportErrorDialDeadlineWithLiveContext(t *testing.T) {
	t.Parallel()
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: context.DeadlineExceeded}
	for _, op := range payments.Operations() {
		err := providerkit.TransportError(context.Background(), ex(op), dial)
		if err == nil {
			t.Fatalf("%s: TransportError = nil for a dial error", op)
		}
		pe := wantTransportErr(t, err, payments.ErrUnavailable, op)
		if !errors.Is(pe, context.DeadlineExceeded) {
			t.Errorf("%s: %v lost the cause", op, err)
		}
	}
}

// A maybe-sent error that carries context.DeadlineExceeded (an
// http.Client.Timeout) with a live context is ErrOutcomeUnknown for what
// moves money and ErrUnavailable for reads, not the bare context error.
func TestTransportErrorSentDeadlineWithLiveContext(t *testing.T) {
	t.Parallel()
	sent := &url.Error{Op: "Post", URL: "https://api.provider.example/pay", Err: context.DeadlineExceeded}
	for _, op := range payments.Operations() {
		want := payments.ErrUnavailable
		if op.MovesMoney() {
			want = payments.ErrOutcomeUnknown
		}
		wantTransportErr(t, providerkit.TransportError(context.Background(), ex(op), sent), want, op)
	}
}

// When the caller's own context is done, a read gets the bare context error,
// a money-moving call that may have been sent stays ErrOutcomeUnknown, and
// a dial failure is the context error for both.
func TestTransportErrorDoneContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	reset := &net.OpError{Op: "read", Err: syscall.ECONNRESET}
	if err := providerkit.TransportError(ctx, ex(payments.OpPaymentStatus), reset); err != context.Canceled {
		t.Errorf("read, sent: %v, want the bare context.Canceled", err)
	}
	wantTransportErr(t, providerkit.TransportError(ctx, ex(payments.OpRefund), reset), payments.ErrOutcomeUnknown, payments.OpRefund)
	dial := &net.OpError{Op: "dial", Err: context.Canceled}
	for _, op := range []payments.Operation{payments.OpPaymentStatus, payments.OpWithdraw} {
		if err := providerkit.TransportError(ctx, ex(op), dial); err != context.Canceled {
			t.Errorf("%s, dial: %v, want the bare context.Canceled", op, err)
		}
	}
	// A dial failure unrelated to the context stays ErrUnavailable.
	other := &net.OpError{Op: "dial", Err: errors.New("refused")}
	wantTransportErr(t, providerkit.TransportError(ctx, ex(payments.OpBalance), other), payments.ErrUnavailable, payments.OpBalance)
}

// User info in a URL is dropped from transport errors even when the URL
// has no query, and no "?…" is added where nothing was cut.
func TestTransportErrorDropsUserInfo(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, url, want string
	}{
		{"user and password", "https://shop:s3cretpw@api.provider.example/v1/pay", "https://api.provider.example/v1/pay"},
		{"user only", "https://s3cretpw@api.provider.example/v1/pay", "https://api.provider.example/v1/pay"},
		{"user and query", "https://shop:s3cretpw@api.provider.example/v1/pay?sig=s3cretpw", "https://api.provider.example/v1/pay?…"},
		{"query only", "https://api.provider.example/v1/pay?sig=s3cretpw", "https://api.provider.example/v1/pay?…"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cause := &url.Error{Op: "Post", URL: tt.url, Err: syscall.ECONNRESET}
			err := providerkit.TransportError(context.Background(), ex(payments.OpRefund), cause)
			var ue *url.Error
			if !errors.As(err, &ue) {
				t.Fatalf("%v lost the *url.Error", err)
			}
			if ue.URL != tt.want {
				t.Errorf("URL = %q, want %q", ue.URL, tt.want)
			}
			if strings.Contains(err.Error(), "s3cretpw") {
				t.Errorf("error %q keeps the secret", err)
			}
			if !errors.Is(err, syscall.ECONNRESET) {
				t.Errorf("error %q lost the cause", err)
			}
		})
	}
	// With nothing to drop the error is returned as it is.
	cause := &url.Error{Op: "Post", URL: "HTTP://api.provider.example/v1/pay", Err: syscall.ECONNRESET}
	var ue *url.Error
	if err := providerkit.TransportError(context.Background(), ex(payments.OpRefund), cause); !errors.As(err, &ue) || ue != cause {
		t.Errorf("TransportError of a URL without query or user info = %v, want the cause untouched", err)
	}
	// Through Do, where http.Client itself puts the URL in the error.
	c := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("refused")}
	})}
	req, _ := http.NewRequest(http.MethodGet, "http://shop:s3cretpw@provider.invalid/status", nil)
	_, err := providerkit.Do(context.Background(), c, req, ex(payments.OpPaymentStatus))
	if err == nil || strings.Contains(err.Error(), "shop") || strings.Contains(err.Error(), "s3cretpw") || !strings.Contains(err.Error(), `"http://provider.invalid/status"`) {
		t.Errorf("error %q: want the URL without user info", err)
	}
}

// A 300 answer is no success: Do returns it as is and its status error
// is ErrProtocol for a read and ErrOutcomeUnknown for what moves money.
func TestDoMultipleChoicesIsNotSuccess(t *testing.T) {
	t.Parallel()
	mock := httpmock.NewMockTransport()
	mock.RegisterResponder(http.MethodPost, apiURL, httpmock.NewStringResponder(http.StatusMultipleChoices, "pick one"))
	for _, op := range []payments.Operation{payments.OpPaymentStatus, payments.OpInitPayment} {
		resp, err := providerkit.Do(context.Background(), &http.Client{Transport: mock}, newRequest(t), ex(op))
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusMultipleChoices {
			t.Fatalf("StatusCode = %d, want 300", resp.StatusCode)
		}
		want := payments.ErrProtocol
		if op.MovesMoney() {
			want = payments.ErrOutcomeUnknown
		}
		wantTransportErr(t, resp.StatusError(ex(op), "", ""), want, op)
		wantTransportErr(t, providerkit.StatusError(ex(op), resp.StatusCode, "", ""), want, op)
	}
}

// Every money-moving operation gets ErrOutcomeUnknown for a redirect and
// for the 4xx a server may send after acting.
func TestStatusErrorMaybeActedOnMoneyMovingOps(t *testing.T) {
	t.Parallel()
	for _, op := range payments.Operations() {
		for _, status := range []int{301, 302, 303, 307, 308, 405, 408, 410, 413} {
			want := payments.ErrProtocol
			if op.MovesMoney() {
				want = payments.ErrOutcomeUnknown
			}
			wantTransportErr(t, providerkit.StatusError(ex(op), status, "", ""), want, op)
		}
	}
}

// Response.StatusError keeps Retry-After, in seconds or as an HTTP-date,
// for 429 and 503 only.
func TestResponseStatusErrorRetryAfter(t *testing.T) {
	t.Parallel()
	inAnHour := time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)
	tests := []struct {
		name     string
		status   int
		header   string
		min, max time.Duration
	}{
		{"429 seconds", 429, "7", 7 * time.Second, 7 * time.Second},
		{"503 seconds", 503, "120", 2 * time.Minute, 2 * time.Minute},
		{"503 zero", 503, "0", 0, 0},
		{"503 spaces", 503, " 3 ", 3 * time.Second, 3 * time.Second},
		{"429 date", 429, inAnHour, 59 * time.Minute, time.Hour},
		{"503 past date", 503, "Wed, 21 Oct 2015 07:28:00 GMT", 0, 0},
		{"503 huge", 503, "99999999999999999999999", 24 * time.Hour, 24 * time.Hour},
		{"503 above a day", 503, "86401", 24 * time.Hour, 24 * time.Hour},
		{"503 a day", 503, "86400", 24 * time.Hour, 24 * time.Hour},
		{"503 negative", 503, "-5", 0, 0},
		{"503 fraction", 503, "1.5", 0, 0},
		{"503 garbage", 503, "soon", 0, 0},
		{"503 none", 503, "", 0, 0},
		{"500 seconds", 500, "7", 0, 0},
		{"502 seconds", 502, "7", 0, 0},
		{"400 seconds", 400, "7", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp := &providerkit.Response{StatusCode: tt.status, Header: http.Header{}}
			if tt.header != "" {
				resp.Header.Set("Retry-After", tt.header)
			}
			err := resp.StatusError(ex(payments.OpBalance), "c", "m")
			var pe *payments.Error
			if !errors.As(err, &pe) {
				t.Fatalf("StatusError = %v", err)
			}
			if pe.RetryAfter < tt.min || pe.RetryAfter > tt.max {
				t.Errorf("RetryAfter = %v, want %v..%v", pe.RetryAfter, tt.min, tt.max)
			}
			plain := providerkit.StatusError(ex(payments.OpBalance), tt.status, "c", "m").(*payments.Error)
			if pe.Kind != plain.Kind || pe.Code != "c" || pe.Message != plain.Message {
				t.Errorf("StatusError = %+v, want it like %+v", pe, plain)
			}
		})
	}
	if err := (&providerkit.Response{StatusCode: 204}).StatusError(ex(payments.OpBalance), "", ""); err != nil {
		t.Errorf("StatusError of a 204 = %v, want nil", err)
	}
}
