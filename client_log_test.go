package payments_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
)

func TestClientLogging(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey { // timestamps could contain the CVC's digits
				return slog.Attr{}
			}
			return a
		},
	}))
	s := newStub()
	s.statusFn = func(context.Context, string) (*payments.Payment, error) {
		return nil, payments.NewError(payments.ErrNotFound, "", "no order")
	}
	c := newClient(t, s, &payments.Options{Logger: log})
	ctx := context.Background()
	if _, err := c.InitPayment(ctx, validInit()); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PaymentStatus(ctx, "1003"); err == nil {
		t.Fatal("PaymentStatus succeeded")
	}
	card := testCard()
	if _, err := c.Withdraw(ctx, &payments.WithdrawalRequest{OrderID: "2001", Amount: rub("50"), Card: &card}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Refund(ctx, &payments.RefundRequest{OrderID: "1002", Reference: "r-1"}); err != nil {
		t.Fatal(err)
	}
	// A request refused before dispatch is logged too, with the card masked.
	bad := testCard()
	bad.Number = "4111111111111112"
	if _, err := c.Withdraw(ctx, &payments.WithdrawalRequest{OrderID: "2002", Amount: rub("50"), Card: &bad}); err == nil {
		t.Fatal("Withdraw to a bad card succeeded")
	}
	out := buf.String()
	if strings.Contains(out, bad.Number) {
		t.Errorf("the log holds the refused card number:\n%s", out)
	}
	assertRedacted(t, "client log", out)

	type record struct {
		Level    string `json:"level"`
		Msg      string `json:"msg"`
		Provider string `json:"provider"`
		Op       string `json:"op"`
		OrderID  string `json:"order_id"`
		Error    string `json:"error"`
	}
	var got []record
	for line := range strings.Lines(out) {
		var r record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		got = append(got, r)
	}
	want := []record{
		{Level: "DEBUG", Msg: "payments: init_payment", Provider: "stub", Op: "init_payment", OrderID: "1001"},
		{Level: "WARN", Msg: "payments: payment_status", Provider: "stub", Op: "payment_status", OrderID: "1003", Error: "payments: stub: payment_status: not found: no order"},
		{Level: "DEBUG", Msg: "payments: withdraw", Provider: "stub", Op: "withdraw", OrderID: "2001"},
		{Level: "DEBUG", Msg: "payments: refund", Provider: "stub", Op: "refund", OrderID: "1002"},
		{Level: "WARN", Msg: "payments: withdraw", Provider: "stub", Op: "withdraw", Error: "payments: stub: withdraw: invalid request: card number 411111******1112 fails the Luhn check"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("log records (-want +got):\n%s\nlog:\n%s", diff, out)
	}
}
