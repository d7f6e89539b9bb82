package conformance

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

func twoExchanges() *Fixture {
	return &Fixture{Scenario: "x", Exchanges: []Exchange{
		{Request: Request{Method: "GET", Path: "/read"}, Response: Response{Status: 200, Body: "{}"}},
		{Request: Request{Method: "POST", Path: "/move"}, Response: Response{Status: 200, Body: "{}"}},
	}}
}

// A request that does not match the exchange a fault waits for, before
// the fault was served, is a mismatch, named by its exchange.
func TestReplayMismatchBeforeFault(t *testing.T) {
	t.Parallel()
	r := newReplayer("x", twoExchanges())
	r.fault = &fault{kind: faultTimeout, at: 0}
	if _, err := (&http.Client{Transport: r.Transport()}).Get("https://x.invalid/other"); err == nil {
		t.Fatal("a mismatching request succeeded")
	}
	p := r.finish()
	if len(p) != 1 || !strings.HasPrefix(p[0], "request 1 (GET /other) does not match the fixture: path /other, want /read") {
		t.Errorf("problems %q, want a mismatch of request 1", p)
	}
}

// After a fault nothing else may be sent: a request for another exchange
// is reported as sent after the fault, a resend of the faulted one is
// counted.
func TestReplayAfterFault(t *testing.T) {
	t.Parallel()
	r := newReplayer("x", twoExchanges())
	r.fault = &fault{kind: faultTimeout, at: 0}
	c := &http.Client{Transport: r.Transport()}
	for range 2 {
		if _, err := c.Get("https://x.invalid/read"); err == nil {
			t.Fatal("the faulted read succeeded")
		}
	}
	if _, err := c.Post("https://x.invalid/move", "", nil); err == nil {
		t.Fatal("a request after the fault succeeded")
	}
	if r.hits != 2 {
		t.Errorf("hits %d, want 2", r.hits)
	}
	p := r.finish()
	if len(p) != 1 || !strings.Contains(p[0], "POST /move was sent after the fault injected into exchange 1") {
		t.Errorf("problems %q, want the POST reported as sent after the fault", p)
	}
}

// The replayer keeps, by exchange, what the provider declared with
// providerkit.Do, and nothing for a request sent without it.
func TestReplayKeepsDeclarations(t *testing.T) {
	t.Parallel()
	r := newReplayer("x", twoExchanges())
	ctx := context.Background()
	req := httptest.NewRequest("GET", "https://x.invalid/read", nil).WithContext(ctx)
	req.RequestURI = ""
	if _, err := (&http.Client{Transport: r.Transport()}).Do(req); err != nil {
		t.Fatal(err)
	}
	move, _ := http.NewRequestWithContext(ctx, "POST", "https://x.invalid/move", nil)
	if _, err := providerkit.Do(ctx, &http.Client{Transport: r.Transport()}, move, providerkit.Moving(payments.OpRefund)); err != nil {
		t.Fatal(err)
	}
	if _, ok := r.declared[0]; ok {
		t.Errorf("exchange 1 has a declaration, %+v, though none was made", r.declared[0])
	}
	if d, ok := r.declared[1]; !ok || !d.MovesMoney || d.Op != payments.OpRefund {
		t.Errorf("exchange 2 declared %+v, %v; want a money-moving refund", d, ok)
	}
	if p := r.finish(); len(p) != 0 {
		t.Errorf("problems %q", p)
	}
}

// A request whose context is not the caller's is reported when the caller
// cancels in flight, and then times out.
func TestReplayInFlightDetachedContext(t *testing.T) {
	t.Parallel()
	r := newReplayer("x", twoExchanges())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r.cancelInFlight(cancel)
	req, _ := http.NewRequestWithContext(context.WithoutCancel(ctx), "GET", "https://x.invalid/read", nil)
	if _, err := (&http.Client{Transport: r.Transport()}).Do(req); err == nil {
		t.Fatal("the detached request succeeded")
	}
	if p := r.finish(); len(p) != 1 || !strings.Contains(p[0], "not canceled") {
		t.Errorf("problems %q, want the detached context reported", p)
	}
	if ctx.Err() == nil {
		t.Error("the caller's context was not canceled")
	}
}

// The recorder keeps a response's Content-Type, and no header when there
// is none.
func TestRecorderContentType(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/json" {
			w.Header().Set("Content-Type", "application/json")
		} else {
			w.Header()["Content-Type"] = nil
		}
		_, _ = w.Write([]byte("{}"))
	}))
	defer srv.Close()
	rec := newRecorder(http.DefaultTransport, nil, nil)
	c := &http.Client{Transport: rec}
	for _, p := range []string{"/json", "/bare"} {
		resp, err := c.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	fx := rec.fixture("x", "")
	if got := fx.Exchanges[0].Response.Header.Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type %q, want application/json", got)
	}
	if h := fx.Exchanges[1].Response.Header; h != nil {
		t.Errorf("header %v for a response without Content-Type, want none", h)
	}
	if fx.Source != defaultSource {
		t.Errorf("source %q, want %q", fx.Source, defaultSource)
	}
}

// readThenMove is a read of two requests (an order's payments, then one
// payment's state, as T-Bank's CheckOrder and GetState) before a request
// that moves money.
func readThenMove() *Fixture {
	return &Fixture{Scenario: "x", Exchanges: []Exchange{
		{Request: Request{Method: "GET", Path: "/order"}, Response: Response{Status: 200, Body: "{}"}},
		{Request: Request{Method: "GET", Path: "/state"}, Response: Response{Status: 200, Body: "{}"}},
		{Request: Request{Method: "POST", Path: "/move"}, Response: Response{Status: 200, Body: "{}"}},
	}}
}

// A fault in the second request of a read lets the Client retry the read
// from its first request when every request of it was declared a read;
// after a fault in a request that moves money, or when the requests were
// not declared, starting over is still reported.
func TestReplayRetriedRead(t *testing.T) {
	t.Parallel()
	read := providerkit.Read(payments.OpPaymentStatus)
	tests := []struct {
		name     string
		at       int
		declared map[int]providerkit.Exchange
		sends    []string
		wantHits int
		problem  string
	}{
		{name: "read retried from its start", at: 1, declared: map[int]providerkit.Exchange{0: read, 1: read},
			sends: []string{"/order", "/state", "/order", "/state"}, wantHits: 2},
		{name: "undeclared requests", at: 1,
			sends: []string{"/order", "/state", "/order"}, wantHits: 1, problem: "GET /order was sent after the fault injected into exchange 2"},
		{name: "after money moved", at: 2, declared: map[int]providerkit.Exchange{0: read, 1: read, 2: providerkit.Moving(payments.OpCharge)},
			sends: []string{"/order", "/state", "/move", "/order"}, wantHits: 1, problem: "GET /order was sent after the fault injected into exchange 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newReplayer("x", readThenMove())
			r.fault = &fault{kind: faultTimeout, at: tt.at}
			for k, v := range tt.declared {
				r.declared[k] = v
			}
			c := &http.Client{Transport: r.Transport()}
			for _, path := range tt.sends {
				method := http.MethodGet
				if path == "/move" {
					method = http.MethodPost
				}
				req, _ := http.NewRequest(method, "https://x.invalid"+path, nil)
				if resp, err := c.Do(req); err == nil {
					resp.Body.Close()
				}
			}
			if r.hits != tt.wantHits {
				t.Errorf("hits %d, want %d", r.hits, tt.wantHits)
			}
			p := r.finish()
			switch {
			case tt.problem == "" && len(p) > 0:
				t.Errorf("problems %q, want none", p)
			case tt.problem != "" && (len(p) != 1 || !strings.Contains(p[0], tt.problem)):
				t.Errorf("problems %q, want %q", p, tt.problem)
			}
		})
	}
}
