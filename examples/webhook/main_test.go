package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
	"github.com/paykit/payments/providers"
	"github.com/paykit/payments/robokassa"
)

// Robokassa settings of the tests' shop. The passwords are test values.
const (
	rkLogin = "webhook-shop"
	rkPass1 = "webhook-pass-1"
	rkPass2 = "webhook-pass-2"
)

// delivery is one webhook request as a provider sends it.
type delivery struct {
	method, contentType, body string
}

// robokassaResult is a ResultURL notification as Robokassa POSTs it
// (https://docs.robokassa.ru/notifications-and-redirects): OutSum with six decimals and SignatureValue =
// SHA256(OutSum:InvId:Password2) for a shop with the SHA256 algorithm.
func robokassaResult(outSum, invID, password string) delivery {
	form := url.Values{
		"OutSum": {outSum}, "InvId": {invID}, "Fee": {"0.000000"},
		"SignatureValue": {robokassa.SHA256.Sign(outSum + ":" + invID + ":" + password)},
	}
	return delivery{http.MethodPost, "application/x-www-form-urlencoded", form.Encode()}
}

// fakeWebhook is paymentstest's signed webhook, with secret.
func fakeWebhook(t *testing.T, d paymentstest.WebhookData, secret string) delivery {
	t.Helper()
	req := paymentstest.New(nil).SignWebhookWith(d, secret)
	body, err := io.ReadAll(req.Body)
	if err != nil {
		t.Fatal(err)
	}
	return delivery{req.Method, req.Header.Get("Content-Type"), string(body)}
}

// syncBuffer collects the endpoint's log.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serve runs the endpoint with the configuration env on a free port until
// the test ends, and returns its URL and its log.
func serve(t *testing.T, env map[string]string, store *memStore) (string, *syncBuffer) {
	t.Helper()
	cfg, err := providers.FromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, cfg, options{path: "/webhook", log: slog.New(slog.NewJSONHandler(logs, nil)), store: store, listener: ln})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("run: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Error("run did not stop after its context ended")
		}
		if !strings.Contains(logs.String(), `"msg":"stopped"`) {
			t.Errorf("no graceful stop in the log:\n%s", logs)
		}
	})
	return "http://" + ln.Addr().String(), logs
}

func send(t *testing.T, c *http.Client, u string, d delivery) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), d.method, u, strings.NewReader(d.body))
	if err != nil {
		t.Fatal(err)
	}
	if d.contentType != "" {
		req.Header.Set("Content-Type", d.contentType)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func newClient(t *testing.T) *http.Client {
	tr := &http.Transport{DialContext: (&net.Dialer{Timeout: 5 * time.Second}).DialContext}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 10 * time.Second}
}

// step is one delivery and what must follow.
type step struct {
	name       string
	d          delivery
	wantCode   int
	wantBody   string          // checked when not empty
	wantStatus payments.Status // of the order afterwards
	wantEvent  string          // of the order afterwards
}

// TestWebhookEndpoint runs the endpoint over HTTP for two providers,
// configured from the environment, with a sequence of deliveries for order
// 1001 (1500.00 RUB): refused when forged, for another amount or for an
// unknown order; acknowledged in the provider's format when valid, and
// acknowledged again, without being handled twice, when repeated.
func TestWebhookEndpoint(t *testing.T) {
	t.Parallel()
	price := payments.MustParseMoney("1500.00", payments.RUB)
	paid := paymentstest.WebhookData{EventID: "evt_1", Type: payments.EventPayment, OrderID: "1001", PaymentID: "pay_1", Status: payments.StatusSucceeded, Amount: price}
	with := func(d paymentstest.WebhookData, f func(*paymentstest.WebhookData)) paymentstest.WebhookData {
		f(&d)
		return d
	}
	const secret = "example-fake-webhook-secret" // the fake's public default is refused
	tests := []struct {
		name  string
		env   map[string]string
		steps []step
	}{
		{
			name: "robokassa",
			env: map[string]string{
				"PAYMENTS_PROVIDER": "robokassa", "ROBOKASSA_MERCHANT_LOGIN": rkLogin,
				"ROBOKASSA_PASSWORD1": rkPass1, "ROBOKASSA_PASSWORD2": rkPass2, "ROBOKASSA_ALGORITHM": "SHA256",
			},
			steps: []step{
				{"signed with password 1", robokassaResult("1500.000000", "1001", rkPass1), http.StatusForbidden, "", "", ""},
				{"tampered amount", func() delivery {
					d := robokassaResult("1500.000000", "1001", rkPass2)
					d.body = strings.Replace(d.body, "OutSum=1500.000000", "OutSum=15.000000", 1)
					return d
				}(), http.StatusForbidden, "", "", ""},
				{"signed, another amount", robokassaResult("15.000000", "1001", rkPass2), http.StatusUnprocessableEntity, "", "", ""},
				{"signed, unknown order", robokassaResult("1500.000000", "999", rkPass2), http.StatusInternalServerError, "", "", ""},
				{"not a form", delivery{http.MethodPost, "application/json", `{"InvId":1001}`}, http.StatusBadRequest, "", "", ""},
				{"valid", robokassaResult("1500.000000", "1001", rkPass2), http.StatusOK, "OK1001", payments.StatusSucceeded, "result:webhook-shop:1001"},
				{"repeated", robokassaResult("1500.000000", "1001", rkPass2), http.StatusOK, "OK1001", payments.StatusSucceeded, "result:webhook-shop:1001"},
			},
		},
		{
			name: "fake",
			env:  map[string]string{"PAYMENTS_PROVIDER": "fake", "PAYMENTS_FAKE_WEBHOOK_SECRET": secret},
			steps: []step{
				{"wrong secret", fakeWebhook(t, paid, "not-the-secret"), http.StatusForbidden, "", "", ""},
				{"public default secret", fakeWebhook(t, paid, paymentstest.DefaultWebhookSecret), http.StatusForbidden, "", "", ""},
				{"another amount", fakeWebhook(t, with(paid, func(d *paymentstest.WebhookData) { d.Amount = payments.MustParseMoney("1500.00", payments.USD) }), secret), http.StatusUnprocessableEntity, "", "", ""},
				{"unknown order", fakeWebhook(t, with(paid, func(d *paymentstest.WebhookData) { d.OrderID = "999" }), secret), http.StatusInternalServerError, "", "", ""},
				{"valid", fakeWebhook(t, paid, secret), http.StatusOK, "ok", payments.StatusSucceeded, "merchant_1:evt_1"},
				{"retried", fakeWebhook(t, paid, secret), http.StatusOK, "ok", payments.StatusSucceeded, "merchant_1:evt_1"},
				{"late failure after payment", fakeWebhook(t, with(paid, func(d *paymentstest.WebhookData) {
					d.EventID, d.Status, d.ErrorMessage = "evt_0", payments.StatusFailed, "timeout"
				}), secret), http.StatusOK, "ok", payments.StatusSucceeded, "merchant_1:evt_1"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			store := newMemStore()
			store.addOrder("1001", price)
			base, logs := serve(t, tt.env, store)
			c := newClient(t)
			for _, s := range tt.steps { // in order: each step builds on the last
				code, body := send(t, c, base+"/webhook", s.d)
				if code != s.wantCode || (s.wantBody != "" && body != s.wantBody) {
					t.Errorf("%s: answered %d %q, want %d %q", s.name, code, body, s.wantCode, s.wantBody)
				}
				st, ev, _ := store.order("1001")
				if diff := cmp.Diff([]string{string(s.wantStatus), s.wantEvent}, []string{string(st), ev}); diff != "" {
					t.Errorf("%s: order 1001 status and event (-want +got):\n%s", s.name, diff)
				}
			}
			// The valid event was handled once: its repeat was acknowledged
			// by the de-duplicating store without calling the handler.
			final := tt.steps[len(tt.steps)-1].wantEvent
			handled := 0
			for _, line := range strings.Split(logs.String(), "\n") {
				if strings.Contains(line, `"msg":"payment recorded"`) && strings.Contains(line, `"event":"`+final+`"`) {
					handled++
				}
			}
			if handled != 1 {
				t.Errorf("event %s was handled %d times, want once:\n%s", final, handled, logs)
			}
			for _, secret := range []string{rkPass1, rkPass2, secret} {
				if strings.Contains(logs.String(), secret) {
					t.Errorf("the log contains the secret %q:\n%s", secret, logs)
				}
			}
			if code, body := send(t, c, base+"/healthz", delivery{method: http.MethodGet}); code != http.StatusOK || body != "ok" {
				t.Errorf("GET /healthz: %d %q", code, body)
			}
		})
	}
}

// TestMissingSecretFailsAtStart: a configuration without a secret fails
// before the endpoint listens, not at the first webhook.
func TestMissingSecretFailsAtStart(t *testing.T) {
	t.Parallel()
	cfg, err := providers.FromEnv(func(k string) string {
		return map[string]string{"PAYMENTS_PROVIDER": "robokassa", "ROBOKASSA_MERCHANT_LOGIN": rkLogin, "ROBOKASSA_PASSWORD1": rkPass1, "ROBOKASSA_ALGORITHM": "SHA256"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	err = run(t.Context(), cfg, options{addr: "127.0.0.1:0", path: "/webhook", log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err == nil || !strings.Contains(err.Error(), "password2") {
		t.Errorf("run = %v, want an error about password2", err)
	}
}
