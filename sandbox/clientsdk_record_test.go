package sandbox

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paykit/payments"
	"github.com/paykit/payments/clientsdk"
	"github.com/paykit/payments/conformance"
)

// TestClientSDKRecordReplay exercises the conformance kit's record mode
// against the sandbox: a first conformance.Run records every scenario that
// makes requests against a freshly seeded sandbox (Harness.Record, as with
// -record), a second Run replays the recorded fixtures strictly, and no
// fixture holds the secret, a card number or a CVC.
func TestClientSDKRecordReplay(t *testing.T) {
	dir := t.TempDir()
	var live *httptest.Server
	h := conformance.Harness{
		Name:       "clientsdk",
		FixtureDir: dir,
		NewProvider: func(t *testing.T, rt http.RoundTripper) payments.Provider {
			return csRecordProvider(t, "https://sbank.invalid", rt)
		},
		WebhookSecret: ClientSDKSecret,
		SignWebhook:   csConformanceWebhook,
		EditWebhook:   conformance.FormEditor("signature", "amount"),
		// The provider documents no reply (the SDK's Flask example answers
		// 200); the package documents 200 text/plain "OK" (see VerifyWebhook).
		Ack: func(conformance.Webhook) payments.Ack {
			return payments.Ack{StatusCode: http.StatusOK, ContentType: "text/plain", Body: "OK"}
		},
		Source:      "recorded against the in-process sandbox",
		Secrets:     []string{ClientSDKSecret},
		ScrubParams: []string{"cvc"},
		Seed: func(t *testing.T, s conformance.Scenario) {
			live = csSeed(t, s)
		},
		Live: func(t *testing.T, rt http.RoundTripper) payments.Provider {
			return csRecordProvider(t, live.URL, rt)
		},
	}
	record := h
	record.Record = true
	if !t.Run("record", func(t *testing.T) { conformance.Run(t, record) }) {
		t.Fatal("recording against the sandbox failed")
	}
	replay := h
	replay.Live, replay.Seed = nil, nil
	t.Run("replay", func(t *testing.T) { conformance.Run(t, replay) })

	for _, name := range []string{
		"init_redirect", "init_card", "init_3ds", "status_pending", "status_succeeded", "status_failed",
		"status_not_found", "balance", "withdraw", "withdrawal_status", "withdraw_insufficient_funds",
	} {
		data, err := os.ReadFile(filepath.Join(dir, name+".json"))
		if err != nil {
			t.Errorf("scenario %s was not recorded: %v", name, err)
			continue
		}
		text := string(data)
		for _, bad := range []string{ClientSDKSecret, conformance.TestCard} {
			if strings.Contains(text, bad) {
				t.Errorf("%s.json holds %q", name, bad)
			}
		}
	}
	card, err := conformance.LoadFixture(dir, "init_card")
	if err != nil || card == nil || len(card.Exchanges) != 1 {
		t.Fatalf("init_card fixture: %v, %v", card, err)
	}
	if got := card.Exchanges[0].Request.Form.Get("cvc"); got != conformance.Scrubbed {
		t.Errorf("recorded cvc %q, want %q", got, conformance.Scrubbed)
	}
}

// csRecordProvider is the clientsdk provider of the record test, on the
// conformance clock, sending through rt.
func csRecordProvider(t *testing.T, baseURL string, rt http.RoundTripper) payments.Provider {
	t.Helper()
	p, err := clientsdk.New(clientsdk.Config{
		BaseURL:         baseURL,
		MerchantID:      ClientSDKMerchantID,
		ProductID:       ClientSDKProductID,
		Secret:          ClientSDKSecret,
		NotificationURL: "https://shop.example/webhooks",
		HTTPClient:      &http.Client{Transport: rt},
		Now:             func() time.Time { return conformance.Clock },
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// csSeed starts a fresh sandbox with the state scenario s expects (the
// suite's fixed orders, see the conformance package doc) and returns its
// server. Webhooks go to a transport that accepts them all.
func csSeed(t *testing.T, s conformance.Scenario) *httptest.Server {
	t.Helper()
	sb, err := New(Options{
		HTTPClient: &http.Client{Transport: csAcceptAll{}},
		RetryDelay: time.Millisecond,
		Now:        func() time.Time { return conformance.Clock },
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb.Handler())
	sb.SetBaseURL(srv.URL)
	t.Cleanup(func() {
		_ = sb.Close()
		srv.Close()
	})
	client, err := payments.New(csRecordProvider(t, srv.URL, srv.Client().Transport), &payments.Options{
		Now: func() time.Time { return conformance.Clock },
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seeding %s: %v", s.Name, err)
		}
	}
	initPay := func(order, amount string) {
		_, err := client.InitPayment(ctx, &payments.InitRequest{OrderID: order, Amount: payments.MustParseMoney(amount, payments.RUB)})
		must(err)
	}
	fund := func() {
		initPay("seed-funds", "100.00")
		must(sb.ClientSDKPay(ctx, "seed-funds"))
	}
	switch s.Name {
	case "status_pending":
		initPay("1001", "10.00")
	case "status_succeeded":
		initPay("1002", "10.00")
		must(sb.ClientSDKPay(ctx, "1002"))
	case "status_failed":
		initPay("1003", "10.00")
		must(sb.ClientSDKDecline(ctx, "1003"))
	case "balance", "withdraw":
		fund()
	case "withdrawal_status":
		fund()
		_, err := client.Withdraw(ctx, &payments.WithdrawalRequest{
			OrderID: "2001", Amount: payments.MustParseMoney("50.00", payments.RUB), Card: &payments.Card{Number: conformance.TestCard},
		})
		must(err)
	}
	return srv
}

// csConformanceWebhook signs a conformance delivery the way the sandbox
// signs its own webhooks (the same code path), with secret.
func csConformanceWebhook(t *testing.T, w conformance.Webhook, secret string) *http.Request {
	t.Helper()
	c := &clientsdkSide{s: &Server{}, m: ClientSDKMerchant{Secret: secret}.withDefaults()}
	if n, err := strconv.ParseInt(w.EventID, 10, 64); err == nil && n > 0 {
		c.nextWebhook = n - 1
	}
	status, code, text := csComplete, "", ""
	if w.Status != payments.StatusSucceeded {
		status, code, text = csFailed, "common", "declined"
	}
	const target = "https://shop.example/webhooks"
	var h *csWebhook
	if w.Type == payments.EventWithdrawal {
		h = c.payoutWebhook(&csPayout{id: 1523, order: w.OrderID, amount: w.Amount.Amount, currency: string(w.Amount.Currency),
			notificationURL: target, status: status, errorCode: code, errorText: text})
	} else {
		h = c.paymentWebhook(&csPayment{invoiceID: 696, order: w.OrderID, amount: w.Amount.Amount,
			notificationURL: target, status: status, errorCode: code, errorText: text})
	}
	if h == nil {
		t.Fatal("the sandbox could not sign the webhook")
	}
	r := httptest.NewRequest(http.MethodPost, "/webhooks", strings.NewReader(h.body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

// csAcceptAll answers 200 "OK" to every webhook, without a network.
type csAcceptAll struct{}

func (csAcceptAll) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		r.Body.Close()
	}
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	return &http.Response{
		StatusCode: http.StatusOK, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"text/plain"}}, Body: io.NopCloser(strings.NewReader("OK")),
		Request: r, ContentLength: 2,
	}, nil
}
