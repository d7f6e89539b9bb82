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

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// A fault is classified by what the provider declared for the exchange, not
// by the operation's label: a read inside a refund (the state lookup before
// the refund is sent) fails as a read, and an exchange declared to move
// money fails as one whatever its operation.
func TestExchangeClassifiesFaults(t *testing.T) {
	t.Parallel()
	respond := func(status int, body string) http.RoundTripper {
		return roundTripFunc(func(*http.Request) (*http.Response, error) { return httpmock.NewStringResponse(status, body), nil })
	}
	fail := func(err error) http.RoundTripper {
		return roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, err })
	}
	truncated := roundTripFunc(func(*http.Request) (*http.Response, error) {
		closed := false
		return &http.Response{StatusCode: 200, Body: &brokenBody{closed: &closed}, Header: http.Header{}}, nil
	})
	timeout := fail(&net.OpError{Op: "read", Net: "tcp", Err: timeoutError{}})
	reset := fail(&net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET})
	big := respond(200, strings.Repeat("a", 11))
	tests := []struct {
		name string
		rt   http.RoundTripper
		ex   providerkit.Exchange
		kind error
	}{
		{"503 on a read of a refund", respond(503, ""), providerkit.Read(payments.OpRefund), payments.ErrUnavailable},
		{"timeout on a read of a refund", timeout, providerkit.Read(payments.OpRefund), payments.ErrUnavailable},
		{"reset on a read of a refund", reset, providerkit.Read(payments.OpRefund), payments.ErrUnavailable},
		{"truncated body on a read of a refund", truncated, providerkit.Read(payments.OpRefund), payments.ErrUnavailable},
		{"oversized body on a read of a refund", big, providerkit.Exchange{Op: payments.OpRefund, Limit: 10}, payments.ErrProtocol},
		{"302 on a read of a payout", respond(302, ""), providerkit.Read(payments.OpWithdraw), payments.ErrProtocol},
		{"503 on the refund itself", respond(503, ""), providerkit.Moving(payments.OpRefund), payments.ErrOutcomeUnknown},
		{"timeout on the refund itself", timeout, providerkit.Moving(payments.OpRefund), payments.ErrOutcomeUnknown},
		{"503 on a money-moving step of a lookup", respond(503, ""), providerkit.Moving(payments.OpPaymentStatus), payments.ErrOutcomeUnknown},
		{"timeout on a money-moving step of a lookup", timeout, providerkit.Moving(payments.OpPaymentStatus), payments.ErrOutcomeUnknown},
		{"truncated body on a money-moving step of a lookup", truncated, providerkit.Moving(payments.OpPaymentStatus), payments.ErrOutcomeUnknown},
		{"oversized body on a money-moving step of a lookup", big, providerkit.Exchange{Op: payments.OpPaymentStatus, MovesMoney: true, Limit: 10}, payments.ErrOutcomeUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp, err := providerkit.Do(context.Background(), &http.Client{Transport: tt.rt}, newRequest(t), tt.ex)
			if err == nil {
				err = resp.StatusError(tt.ex, "", "")
			}
			wantTransportErr(t, err, tt.kind, tt.ex.Op)
			if tt.kind != payments.ErrOutcomeUnknown && errors.Is(err, payments.ErrOutcomeUnknown) {
				t.Errorf("%v also wraps ErrOutcomeUnknown", err)
			}
		})
	}
	// ProtocolError and StatusError follow the declaration too.
	wantTransportErr(t, providerkit.ProtocolError(providerkit.Read(payments.OpRefund), io.ErrUnexpectedEOF), payments.ErrProtocol, payments.OpRefund)
	wantTransportErr(t, providerkit.ProtocolError(providerkit.Moving(payments.OpBalance), io.ErrUnexpectedEOF), payments.ErrOutcomeUnknown, payments.OpBalance)
	wantTransportErr(t, providerkit.StatusError(providerkit.Read(payments.OpInitPayment), 500, "", ""), payments.ErrUnavailable, payments.OpInitPayment)
	wantTransportErr(t, providerkit.TransportError(context.Background(), providerkit.Read(payments.OpWithdraw), io.ErrUnexpectedEOF), payments.ErrUnavailable, payments.OpWithdraw)
}

// Read and Moving say what they are, for any operation.
func TestReadMoving(t *testing.T) {
	t.Parallel()
	if diff := cmp.Diff(providerkit.Exchange{Op: payments.OpRefund}, providerkit.Read(payments.OpRefund)); diff != "" {
		t.Errorf("Read (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(providerkit.Exchange{Op: payments.OpPaymentStatus, MovesMoney: true}, providerkit.Moving(payments.OpPaymentStatus)); diff != "" {
		t.Errorf("Moving (-want +got):\n%s", diff)
	}
}

// Do attaches the exchange to the request a transport sees, so that a test
// transport can tell what the provider declared; a request not sent through
// Do carries none.
func TestExchangeOf(t *testing.T) {
	t.Parallel()
	var got []providerkit.Exchange
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		ex, ok := providerkit.ExchangeOf(r)
		if !ok {
			t.Errorf("request %s carries no exchange", r.URL)
		}
		got = append(got, ex)
		return httpmock.NewStringResponse(200, "{}"), nil
	})
	c := &http.Client{Transport: rt}
	sent := []providerkit.Exchange{
		providerkit.Read(payments.OpRefund),
		providerkit.Moving(payments.OpRefund),
		{Op: payments.OpBalance, Limit: 10},
	}
	for _, ex := range sent {
		if _, err := providerkit.Do(context.Background(), c, newRequest(t), ex); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff(sent, got); diff != "" {
		t.Errorf("exchanges seen by the transport (-want +got):\n%s", diff)
	}
	if ex, ok := providerkit.ExchangeOf(newRequest(t)); ok {
		t.Errorf("ExchangeOf(a request not sent through Do) = %+v, true", ex)
	}
	if _, ok := providerkit.ExchangeOf(nil); ok {
		t.Error("ExchangeOf(nil) = true")
	}
}
