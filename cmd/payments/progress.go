package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// newTransport returns the HTTP transport of one run (its own, so that
// nothing is shared with http.DefaultTransport and its idle connections
// close when the run ends).
func newTransport() *http.Transport {
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          10,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}

// progressTransport reports on standard error what a user waiting for a
// command wants to know: that a read is being retried (and, with -v, every
// exchange). It prints the method and path only: queries and bodies carry
// signatures and card numbers.
type progressTransport struct {
	base    http.RoundTripper
	out     io.Writer
	verbose bool

	mu       sync.Mutex
	attempts map[string]int
	failed   map[string]string // why the last attempt of a request failed
}

func newProgressTransport(base http.RoundTripper, out io.Writer, verbose bool) *progressTransport {
	return &progressTransport{base: base, out: out, verbose: verbose, attempts: map[string]int{}, failed: map[string]string{}}
}

// RoundTrip implements http.RoundTripper.
func (t *progressTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	key := r.Method + " " + r.URL.Path
	t.mu.Lock()
	t.attempts[key]++
	n := t.attempts[key]
	why, retry := t.failed[key]
	t.mu.Unlock()
	if retry {
		fmt.Fprintf(t.out, "payments: %s %s, retrying… (attempt %d)\n", key, why, n)
	} else if t.verbose {
		fmt.Fprintf(t.out, "payments: %s\n", key)
	}
	resp, err := t.base.RoundTrip(r)
	failure := ""
	switch {
	case err != nil:
		failure = "failed"
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests:
		failure = "answered " + resp.Status
	}
	t.mu.Lock()
	if failure != "" {
		t.failed[key] = failure
	} else {
		delete(t.failed, key)
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
