package tbank_test

import (
	"bytes"
	"encoding/json"
	"hash/crc32"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/conformance"
	"github.com/paykit/payments/sandbox"
	"github.com/paykit/payments/tbank"
)

// recordHarness, when set (by conformance_record_test.go, built with
// -tags record), gives the harness the in-process sandbox's T-Bank side to
// re-record the fixtures of ../testdata/tbank against with -record.
var recordHarness func(h *conformance.Harness)

// TestConformance replays the conformance suite strictly from the fixtures
// checked in under ../testdata/tbank; it makes no request to any server.
func TestConformance(t *testing.T) {
	h := conformance.Harness{
		Name:       tbank.Name,
		FixtureDir: "../testdata/tbank",
		NewProvider: func(t *testing.T, rt http.RoundTripper) payments.Provider {
			return newProvider(t, "https://securepay.tinkoff.ru"+sandbox.TBankAPIPath, rt)
		},
		WebhookSecret: sandbox.TBankPassword,
		SignWebhook:   signNotification,
		// Amount is in kopecks (NotificationPayment of «Уведомления об
		// операциях», https://www.tbank.ru/kassa/dev/payments/).
		EditWebhook: conformance.JSONMinorUnitsEditor("Token", "Amount"),
		// T-Bank's documented reply to a handled notification: 200 with
		// the body exactly OK (https://www.tbank.ru/kassa/dev/payments/
		// «Уведомления об операциях»).
		Ack: func(conformance.Webhook) payments.Ack {
			return payments.Ack{StatusCode: http.StatusOK, Body: "OK"}
		},
		Secrets: []string{sandbox.TBankPassword},
	}
	if recordHarness != nil {
		recordHarness(&h)
	}
	conformance.Run(t, h)
}

func newProvider(t *testing.T, base string, rt http.RoundTripper) *tbank.Provider {
	t.Helper()
	p, err := tbank.New(tbank.Config{TerminalKey: sandbox.TBankTerminalKey, Password: sandbox.TBankPassword, BaseURL: base, Taxation: "usn_income", HTTPClient: &http.Client{Transport: rt}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// signNotification builds T-Bank's notification of w (the OAS
// NotificationPayment shape: numeric PaymentId and Amount in kopecks),
// signed with password.
func signNotification(t *testing.T, w conformance.Webhook, password string) *http.Request {
	t.Helper()
	kop, _ := w.Amount.MinorUnits()
	status, ok, code := "CONFIRMED", true, "0"
	if w.Status != payments.StatusSucceeded {
		status, ok, code = "REJECTED", false, "1051"
	}
	id := int64(crc32.ChecksumIEEE([]byte(w.EventID))) + 7000000000
	fields := map[string]any{"TerminalKey": sandbox.TBankTerminalKey, "OrderId": w.OrderID, "Success": ok, "Status": status,
		"PaymentId": id, "ErrorCode": code, "Amount": kop, "Pan": "220138******0013", "ExpDate": "1230"}
	return notificationRequest(t, fields, password)
}

func notificationRequest(t *testing.T, fields map[string]any, password string) *http.Request {
	t.Helper()
	b, _ := json.Marshal(fields)
	raw := map[string]json.RawMessage{}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	if password != "" {
		tok, err := tbank.Token(raw, password)
		if err != nil {
			t.Fatal(err)
		}
		fields["Token"] = tok
	}
	b, _ = json.Marshal(fields)
	r := httptest.NewRequest(http.MethodPost, "/tbank/notify", bytes.NewReader(b))
	r.Header.Set("Content-Type", "application/json")
	return r
}
