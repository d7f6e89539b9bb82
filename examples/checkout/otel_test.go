package main

import (
	"bufio"
	"context"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestRunOtel starts the program with -otel, sends the shop's webhook
// endpoint a delivery with a forged signature, and finds the delivery's
// span printed as it ended (refused, with its HTTP status); buys a
// T-shirt and finds the payment's span; and finds the metrics printed at
// exit.
func TestRunOtel(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, []string{"-addr", "127.0.0.1:0", "-provider", "robokassa", "-otel"}, func(string) string { return "" }, pw)
		pw.CloseWithError(err)
		done <- err
	}()
	lines := make(chan string, 1000)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			lines <- sc.Text()
		}
		_, _ = io.Copy(io.Discard, pr)
	}()
	// wait returns the first line that contains every one of want.
	wait := func(what string, want ...string) string {
		t.Helper()
		timeout := time.After(20 * time.Second)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("the output ended before %s", what)
				}
				if containsAll(l, want...) {
					return l
				}
			case <-timeout:
				t.Fatalf("no %s printed", what)
			}
		}
	}
	open := wait("shop URL", "Open http://127.0.0.1:")
	shopURL := strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(open), "Open ")), " in a browser")

	b := newBuyer(t)
	form := url.Values{"OutSum": {"10.00"}, "InvId": {"1"}, "SignatureValue": {"0123456789abcdef0123456789abcdef"}}
	if p := b.post(shopURL+webhookPath, form); p.status < 400 {
		t.Fatalf("a forged webhook was answered %d", p.status)
	}
	span := wait("webhook span", `"Name":"payments.webhook"`)
	for _, want := range []string{`"payments.outcome"`, `"refused"`, `"http.response.status_code"`, `"payments.provider"`, `"robokassa"`} {
		if !strings.Contains(span, want) {
			t.Errorf("the span has no %s: %s", want, span)
		}
	}
	if strings.Contains(span, form.Get("SignatureValue")) {
		t.Errorf("the span holds the delivery's signature: %s", span)
	}
	// A purchase: the payment's span, with its order id.
	b.post(shopURL+"/checkout", url.Values{"product": {"tshirt"}})
	wait("payment span", `"Name":"payments.init_payment"`, `"payments.order_id"`, `"payments.outcome"`, `"ok"`)
	cancel()
	wait("metrics at exit", `"payments.webhook.deliveries"`)
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run after cancel: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("run did not return after its context ended")
	}
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
