package main

import (
	"fmt"
	"io"
	"net/http"
	"sync"
)

// newTransport returns the HTTP transport of one run: a clone of
// http.DefaultTransport's settings with a connection pool of its own, whose
// idle connections close when the run ends.
func newTransport() *http.Transport {
	return http.DefaultTransport.(*http.Transport).Clone()
}

// progressTransport reports on standard error what a user waiting for a
// command wants to know: that a read is being retried (and, with -v, every
// exchange). It prints the method and path only: queries and bodies carry
// signatures and card numbers.
type progressTransport struct {
	base    http.RoundTripper
	out     io.Writer
	verbose bool

	mu sync.Mutex
	// failing holds, per method and path, the attempts so far of a request
	// whose last attempt failed, and why; a success ends the run of retries.
	failing map[string]failure
}

// failure is what progressTransport remembers of a failing request.
type failure struct {
	attempts int
	why      string
}

func newProgressTransport(base http.RoundTripper, out io.Writer, verbose bool) *progressTransport {
	return &progressTransport{base: base, out: out, verbose: verbose, failing: map[string]failure{}}
}

// RoundTrip implements http.RoundTripper.
func (t *progressTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	key := r.Method + " " + r.URL.Path
	t.mu.Lock()
	last, retry := t.failing[key]
	t.mu.Unlock()
	if retry {
		fmt.Fprintf(t.out, "payments: %s %s, retrying… (attempt %d)\n", key, last.why, last.attempts+1)
	} else if t.verbose {
		fmt.Fprintf(t.out, "payments: %s\n", key)
	}
	resp, err := t.base.RoundTrip(r)
	why := ""
	switch {
	case err != nil:
		why = "failed"
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests:
		why = "answered " + resp.Status
	}
	t.mu.Lock()
	if why != "" {
		t.failing[key] = failure{attempts: last.attempts + 1, why: why}
	} else {
		delete(t.failing, key)
	}
	t.mu.Unlock()
	if t.verbose {
		switch {
		case err != nil:
			fmt.Fprintf(t.out, "payments: %s: %v\n", key, err)
		default:
			fmt.Fprintf(t.out, "payments: %s: %s\n", key, resp.Status)
		}
	}
	return resp, err
}

// Unwrap returns the transport t sends with, so that a provider that adds
// TLS roots (T-Bank's TBANK_ROOT_CAS) reaches it through
// providerkit.EditTransport.
func (t *progressTransport) Unwrap() http.RoundTripper { return t.base }

// WithTransport returns a progressTransport like t that sends with rt.
func (t *progressTransport) WithTransport(rt http.RoundTripper) http.RoundTripper {
	return newProgressTransport(rt, t.out, t.verbose)
}
