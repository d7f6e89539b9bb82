package main

import (
	"strings"
	"sync"
	"testing"
)

// logBuffer keeps what the shop (and its sandbox) log, and passes it on to
// the test log.
type logBuffer struct {
	t  *testing.T
	mu sync.Mutex
	b  strings.Builder
}

func (w *logBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	w.b.Write(p)
	w.mu.Unlock()
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// lines returns the logged lines that contain every one of parts.
func (w *logBuffer) lines(parts ...string) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []string
	for _, l := range strings.Split(w.b.String(), "\n") {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(l, p)
		}
		if all {
			out = append(out, l)
		}
	}
	return out
}

// TestTBankReceiptNotice: once the notebook (sold with a receipt) is paid
// on the T-Bank sandbox, the sandbox also sends T-Bank's RECEIPT
// notification («Уведомления об операциях»,
// https://www.tbank.ru/kassa/dev/payments/) to the shop's webhook. The
// shop's WebhookHandler answers it OK, so the sandbox accepts it on the
// first attempt, without the shop's code: the order stays paid by the
// payment notification.
func TestTBankReceiptNotice(t *testing.T) {
	t.Parallel()
	logs := &logBuffer{t: t}
	in := startWith(t, settings{provider: "tbank", sandbox: true, sandboxAddr: "127.0.0.1:0", out: logs})
	b := newBuyer(t)
	payPage := b.click(b.get(in.url+"/"), "buy-notebook")
	id := tbankPaymentID(t, payPage.body)
	back := b.click(payPage, "pay")
	if st, via := orderStatus(back.body); st != "paid" || via != viaWebhook {
		t.Fatalf("order page says %q via %q, want paid via webhook:\n%s", st, via, back.body)
	}
	paid, ok := in.app.orders.get("1")
	if !ok || paid.Event == "" {
		t.Fatalf("order 1 = %+v (known %v), want it settled by a webhook event", paid, ok)
	}
	receipt := "tbank receipt notification (payment " + id
	waitFor(t, "the RECEIPT notification accepted", func() bool { return len(logs.lines(receipt, "accepted on attempt 1")) == 1 })
	if refused := logs.lines(receipt, "answered"); len(refused) != 0 {
		t.Errorf("the shop refused the RECEIPT notification: %q", refused)
	}
	if o, _ := in.app.orders.get("1"); o.State != statePaid || o.Event != paid.Event {
		t.Errorf("after the RECEIPT notification the order is %+v, want it paid by event %s", o, paid.Event)
	}
}
