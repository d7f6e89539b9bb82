package robokassa

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
)

// sentInvoice creates inv through a recording transport and returns the
// JWT that was sent, its payload decoded, and the key it verifies with.
func sentInvoice(t *testing.T, inv *Invoice) (token string, payload map[string]any) {
	t.Helper()
	tr, reqs := respond(200, "application/json", `{"isSuccess":true,"url":"https://auth.robokassa.ru/merchant/Invoice/x","invId":19}`)
	p := newProvider(t, tr, nil)
	if _, err := p.CreateInvoice(t.Context(), inv); err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll((*reqs)[0].Body)
	if err := json.Unmarshal(b, &token); err != nil {
		t.Fatalf("body %q: %v", b, err)
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("token %q", token)
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &payload); err != nil {
		t.Fatal(err)
	}
	return token, payload
}

// TestInvoiceExtras: the CreateInvoice payload carries what
// robokassa/sdk-php sends beyond the docs sample (github.com/robokassa/sdk-php
// src/Service/PaymentService.php and tests/ExamplesTest.php): ExpirationDate with its offset,
// Aliases, IsWithoutFreeSale at the top level, and AdditionalParameters
// whose values are strings ("StepByStep":"true", "IsTest":"1").
func TestInvoiceExtras(t *testing.T) {
	t.Parallel()
	msk := time.FixedZone("MSK", 3*3600)
	const result2 = "https://shop.example/robokassa/result2"
	tests := []struct {
		name string
		inv  Invoice
		want map[string]any
	}{
		{"hold", Invoice{InvID: 19, Amount: rub("10.00"), StepByStep: true, ResultURL2: result2, Email: "buyer@example.com",
			ExpirationDate: time.Date(2026, 12, 31, 23, 59, 59, 0, msk)},
			map[string]any{"ExpirationDate": "2026-12-31T23:59:59+03:00",
				"AdditionalParameters": map[string]any{"StepByStep": "true", "ResultURL2": result2, "Email": "buyer@example.com"}}},
		{"recurring parent", Invoice{InvID: 20, Amount: rub("10.00"), Recurring: true},
			map[string]any{"AdditionalParameters": map[string]any{"Recurring": "true"}}},
		{"saved card", Invoice{InvID: 22, Amount: rub("10.00"), Token: "E1253728-48A9-488D-A045-9954C442AF5C-qNavrXC6Y4"},
			map[string]any{"AdditionalParameters": map[string]any{"Token": "E1253728-48A9-488D-A045-9954C442AF5C-qNavrXC6Y4"}}},
		{"deferred receipt, aliases", Invoice{InvID: 23, Amount: rub("10.00"), IsWithoutFreeSale: true, Aliases: []string{"BankCard", "SBP"}},
			map[string]any{"IsWithoutFreeSale": true, "Aliases": []any{"BankCard", "SBP"}}},
		{"test invoice", Invoice{InvID: 24, Amount: rub("10.00"), IsTest: true},
			map[string]any{"AdditionalParameters": map[string]any{"IsTest": "1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, got := sentInvoice(t, &tt.inv)
			for _, k := range []string{"MerchantLogin", "InvoiceType", "InvId", "OutSum"} {
				delete(got, k)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("payload (-want +got):\n%s", diff)
			}
		})
	}
}

// TestInvoiceTestKey: a test invoice is signed with the key
// login:<test Password #1>, others with Password #1 (robokassa/sdk-php).
func TestInvoiceTestKey(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, nil)
	for _, test := range []bool{false, true} {
		tok, _ := sentInvoice(t, &Invoice{InvID: 24, Amount: rub("10.00"), IsTest: test})
		i := strings.LastIndexByte(tok, '.')
		password := goldenPass1
		if test {
			password = goldenTest1
		}
		sig, err := p.invoiceMethod.Sign(tok[:i], []byte(goldenLogin+":"+password))
		if err != nil {
			t.Fatal(err)
		}
		if got := base64.RawURLEncoding.EncodeToString(sig); got != tok[i+1:] {
			t.Errorf("test %v: signature %s, want %s", test, tok[i+1:], got)
		}
	}
}

// TestInvoiceExtrasRefused: combinations sdk-php forbids are refused
// before anything is sent.
func TestInvoiceExtrasRefused(t *testing.T) {
	t.Parallel()
	const result2 = "https://shop.example/robokassa/result2"
	tests := []struct {
		name string
		inv  Invoice
	}{
		{"hold reusable", Invoice{Type: InvoiceReusable, Amount: rub("10.00"), StepByStep: true, ResultURL2: result2}},
		{"hold recurring", Invoice{Amount: rub("10.00"), StepByStep: true, Recurring: true, ResultURL2: result2}},
		{"hold token", Invoice{Amount: rub("10.00"), StepByStep: true, Token: "tok-SECRET", ResultURL2: result2}},
		{"hold without ResultURL2", Invoice{Amount: rub("10.00"), StepByStep: true}},
		{"recurring token", Invoice{Amount: rub("10.00"), Recurring: true, Token: "tok-SECRET"}},
		{"token with colon", Invoice{Amount: rub("10.00"), Token: "tok:SECRET"}},
		{"bad ResultURL2", Invoice{Amount: rub("10.00"), ResultURL2: "ftp://x"}},
		{"without free sale, with items", Invoice{Amount: rub("10.00"), IsWithoutFreeSale: true,
			Items: []InvoiceItem{{Name: "Item", Quantity: rub("1").Amount, Cost: rub("10.00").Amount, Tax: "none"}}}},
		{"empty alias", Invoice{Amount: rub("10.00"), Aliases: []string{""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tr, reqs := respond(200, "application/json", `{"isSuccess":true,"url":"u"}`)
			_, err := newProvider(t, tr, nil).CreateInvoice(t.Context(), &tt.inv)
			if !errors.Is(err, payments.ErrInvalidRequest) {
				t.Errorf("err = %v", err)
			}
			if len(*reqs) != 0 {
				t.Errorf("%d requests sent", len(*reqs))
			}
			if tt.inv.Token != "" && err != nil && strings.Contains(err.Error(), "SECRET") {
				t.Errorf("error shows the token: %v", err)
			}
		})
	}
}
