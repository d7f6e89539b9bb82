package conformance

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/paykit/payments/providerkit"
)

// replayer serves a fixture's exchanges in order through an httpmock
// transport, strictly: every request must match the next exchange, and an
// optional fault replaces the response of one exchange.
type replayer struct {
	name string
	mt   *httpmock.MockTransport

	mu       sync.Mutex
	fx       Fixture
	next     int
	problems []string
	fault    *fault
	hits     int // requests that reached the faulted exchange
	inFlight func(*http.Request) (*http.Response, error)
	// declared holds, by exchange index, what the provider declared for
	// the request it sent (providerkit.ExchangeOf), when it declared it.
	declared map[int]providerkit.Exchange
}

// newReplayer returns a replayer for fx (nil: no request is expected).
func newReplayer(name string, fx *Fixture) *replayer {
	r := &replayer{name: name, mt: httpmock.NewMockTransport(), declared: map[int]providerkit.Exchange{}}
	if fx != nil {
		r.fx = *fx
	}
	r.mt.RegisterNoResponder(r.respond)
	return r
}

// Transport returns the mock transport to inject into the provider.
func (r *replayer) Transport() http.RoundTripper { return r.mt }

func (r *replayer) problem(format string, args ...any) {
	r.problems = append(r.problems, fmt.Sprintf(format, args...))
}

func (r *replayer) respond(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
	}
	got := requestFromHTTP(req, body)

	r.mu.Lock()
	if r.next >= len(r.fx.Exchanges) {
		r.problem("unexpected request %s %s (no recorded exchange left; record the scenario with -record or add it to the fixture)", got.Method, got.Path)
		r.mu.Unlock()
		return nil, fmt.Errorf("conformance: %s: unexpected request %s %s", r.name, got.Method, got.Path)
	}
	idx := r.next
	ex := r.fx.Exchanges[idx]
	f := r.fault
	if j, ok := r.readRetry(got); ok {
		// The Client retries a read of several exchanges from its first.
		idx, ex = j, r.fx.Exchanges[j]
		r.next = j
	}
	if d := ex.Request.match(got); d != "" {
		if f != nil && f.at == idx && r.hits > 0 {
			r.problem("request %s %s was sent after the fault injected into exchange %d: after a fault no other exchange may be sent", got.Method, got.Path, idx+1)
		} else {
			r.problem("request %d (%s %s) does not match the fixture: %s", idx+1, got.Method, got.Path, d)
		}
		r.mu.Unlock()
		return nil, fmt.Errorf("conformance: %s: request does not match the fixture", r.name)
	}
	if d, ok := providerkit.ExchangeOf(req); ok {
		r.declared[idx] = d
	}
	faulted := f != nil && f.at == idx
	if faulted {
		r.hits++
	} else {
		r.next++
	}
	inFlight := r.inFlight
	r.mu.Unlock()

	if inFlight != nil && (f == nil || faulted) {
		return inFlight(req)
	}
	if faulted {
		return f.apply(req, ex.Response)
	}
	return buildResponse(req, ex.Response, strings.NewReader(ex.Response.Body)), nil
}

// readRetry reports whether got, sent after a fault injected into the
// next exchange, starts that read over: it matches an earlier exchange j
// and every exchange from j to the faulted one was declared a read
// (providerkit.Read), as when the Client retries a status lookup by order
// id that takes two requests (T-Bank's CheckOrder, then GetState). The
// replay then goes on from j. r.mu must be held.
func (r *replayer) readRetry(got Request) (int, bool) {
	f := r.fault
	if f == nil || f.at != r.next || r.hits == 0 {
		return 0, false
	}
	for j := r.next - 1; j >= 0; j-- {
		d, ok := r.declared[j]
		if !ok || d.MovesMoney {
			return 0, false
		}
		if r.fx.Exchanges[j].Request.match(got) == "" {
			if d, ok := r.declared[f.at]; !ok || d.MovesMoney {
				return 0, false
			}
			return j, true
		}
	}
	return 0, false
}

func buildResponse(req *http.Request, rec Response, body io.Reader) *http.Response {
	h := http.Header{}
	for k, v := range rec.Header {
		h[http.CanonicalHeaderKey(k)] = append([]string(nil), v...)
	}
	status := rec.Status
	if status == 0 {
		status = http.StatusOK
	}
	return &http.Response{
		Status:        fmt.Sprintf("%d %s", status, http.StatusText(status)),
		StatusCode:    status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          io.NopCloser(body),
		ContentLength: -1,
		Request:       req,
	}
}

// finish reports requests that did not match and, unless a fault cut the
// scenario short, exchanges left unused.
func (r *replayer) finish() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := append([]string(nil), r.problems...)
	if r.fault == nil && r.inFlight == nil && r.next < len(r.fx.Exchanges) {
		for _, ex := range r.fx.Exchanges[r.next:] {
			out = append(out, fmt.Sprintf("recorded exchange %s %s was never requested", ex.Request.Method, ex.Request.Path))
		}
	}
	return out
}

// inFlightWait is how long an in-flight request waits for the caller's
// cancellation to reach it before the suite gives up on the provider. A
// context derived from the caller's is done as soon as cancel returns, so
// this is a bound for a provider that detached its context, not a race.
const inFlightWait = 200 * time.Millisecond

// cancelInFlight makes the next request cancel ctx and wait for the
// transport to see it, like a request cut off mid-flight. A request whose
// context does not end with the caller's (the provider sends it with
// another context) is a problem, and then times out.
func (r *replayer) cancelInFlight(cancel context.CancelFunc) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.inFlight = func(req *http.Request) (*http.Response, error) {
		cancel()
		select {
		case <-req.Context().Done():
			return nil, req.Context().Err()
		case <-time.After(inFlightWait):
			r.mu.Lock()
			r.problem("the request's context was not canceled %s after the caller's was: the provider does not send its requests with the caller's context", inFlightWait)
			r.mu.Unlock()
			return nil, &net.OpError{Op: "read", Net: "tcp", Err: timeoutError{}}
		}
	}
}
