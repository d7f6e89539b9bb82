package providers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/pem"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
	"github.com/paykit/payments/providers"
	"github.com/paykit/payments/sandbox"
)

// wireCard is the card of the direct card payments: Visa's public test
// number.
var wireCard = payments.Card{Number: "4111111111111111", ExpMonth: 11, ExpYear: time.Now().Year() + 3, CVC: "739"}

// spy is the transport under the wire log: it keeps each exchange as the
// provider really sent and received it.
type spy struct {
	base http.RoundTripper
	mu   sync.Mutex
	raw  []string // per exchange: query, request body, response body
}

func (s *spy) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	resp, err := s.base.RoundTrip(r)
	if err != nil {
		return resp, err
	}
	rb, _ := io.ReadAll(resp.Body)
	resp.Body = io.NopCloser(bytes.NewReader(rb))
	s.mu.Lock()
	s.raw = append(s.raw, r.URL.RawQuery, string(body), string(rb))
	s.mu.Unlock()
	return resp, nil
}

// wireSecretNames are the three providers' wire names of secrets,
// signatures, tokens, mandates and card data, as they send them; the
// test finds their values in the raw traffic without the scrubber's
// help.
var wireSecretNames = []string{
	"SignatureValue", "Signature", "signature", "Password", "Token", "RebillId", "CardData",
	"pan", "Pan", "PAN", "cvc", "CVC", "CVV", "expire_month", "expire_year", "ExpDate",
}

var jwsInText = regexp.MustCompile(`eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+`)

// secretsIn returns, by wire name, the secret values in one raw query or
// body: form fields, JSON fields at any depth, and every compact JWS.
func secretsIn(raw string) map[string][]string {
	found := map[string][]string{}
	found["JWS"] = jwsInText.FindAllString(raw, -1)
	if form, err := url.ParseQuery(raw); err == nil {
		for _, name := range wireSecretNames {
			found[name] = append(found[name], form[name]...)
		}
	}
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if s, ok := e.(string); ok && slices.Contains(wireSecretNames, k) {
					found[k] = append(found[k], s)
				} else if n, ok := e.(json.Number); ok && slices.Contains(wireSecretNames, k) {
					found[k] = append(found[k], n.String())
				}
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) == nil {
		walk(v)
	}
	return found
}

// TestWireLogScrubsProviderTraffic runs the app flow of the switch test
// (payments, holds, refunds signed with Robokassa's JWT, status lookups
// signed with SignatureValue/Signature, clientsdk's JWS-signed requests,
// T-Bank's Token-signed Init and a Charge with its RebillId), plus
// clientsdk's direct card payment and card payout, against the sandbox
// with the wire log on. Every secret value that really went over the wire
// must be absent from the log, while the log does record the exchanges.
func TestWireLogScrubsProviderTraffic(t *testing.T) {
	mux, sb, webhook := newSwitchSandbox(t)
	shopCreds := sb.RobokassaShop()
	configured := []string{shopCreds.Password1, shopCreds.Password2, shopCreds.Password3, sandbox.ClientSDKSecret, sandbox.TBankPassword}

	// The names whose values each provider must have sent, so that the
	// test cannot pass on traffic without them.
	mustSend := map[string][]string{
		"robokassa": {"SignatureValue", "Signature", "JWS"},
		"clientsdk": {"signature", "pan", "cvc"},
		"tbank":     {"Token", "RebillId"},
	}
	for _, name := range []string{"robokassa", "clientsdk", "tbank"} {
		t.Run(name, func(t *testing.T) {
			var log bytes.Buffer
			var logMu sync.Mutex
			sp := &spy{base: &http.Transport{}}
			defer sp.base.(*http.Transport).CloseIdleConnections()
			cfg := sandboxConfigs(sb, webhook)[name]
			cfg.Options.WireLog = true
			cfg.Options.HTTPClient = &http.Client{Transport: sp}
			cfg.Options.WireLogger = slog.New(slog.NewJSONHandler(lockedWriter{&logMu, &log}, nil))
			client, err := providers.Open(t.Context(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			a := &app{client: client}
			a.handler = client.WebhookHandler(func(_ context.Context, ev *payments.Event) error {
				a.mu.Lock()
				a.events = append(a.events, ev)
				a.mu.Unlock()
				return nil
			}, nil)
			mux.Handle("/webhook/"+name, a)
			shopFlow(t, a, webhook(name), func(p *payments.Payment) { buyerPays(t.Context(), t, sb, name, p) })
			if client.Capabilities().CardPayments {
				cardFlow(t, client, webhook(name))
			}

			logMu.Lock()
			text := log.String()
			logMu.Unlock()
			sp.mu.Lock()
			raw := slices.Clone(sp.raw)
			sp.mu.Unlock()
			if n := strings.Count(text, providerkit.WireLogMessage); n == 0 || n != len(raw)/3 {
				t.Fatalf("%d records for %d exchanges", n, len(raw)/3)
			}
			sent := map[string][]string{}
			for _, r := range raw {
				for k, vs := range secretsIn(r) {
					sent[k] = append(sent[k], vs...)
				}
			}
			for _, k := range mustSend[name] {
				if len(sent[k]) == 0 {
					t.Errorf("the flow sent no %s: the test proves nothing about it", k)
				}
			}
			for k, vs := range sent {
				for _, v := range vs {
					// Short values (a CVC, an expiry month) are checked by
					// the patterns below: alone they match anything.
					if len(v) >= 6 && strings.Contains(text, v) {
						t.Errorf("the log holds the %s %q", k, v)
					}
				}
			}
			for _, s := range configured {
				if strings.Contains(text, s) {
					t.Errorf("the log holds a configured secret")
				}
			}
			for _, re := range []*regexp.Regexp{jwsInText, regexp.MustCompile(`(?i)(^|[^a-z_])(cvc|cvv|pan|token|rebillid|signature|signaturevalue|password\d?|expire_month|expire_year|expdate)\\?"?\s*[:=]\s*\\?"?[^\\"\[]`)} {
				if m := re.FindString(text); m != "" {
					t.Errorf("the log holds %q", m)
				}
			}
			if strings.Contains(text, wireCard.Number) {
				t.Error("the log holds the card number")
			}
			t.Logf("%d exchanges logged; first record: %.600s", len(raw)/3, text)
		})
	}
}

// cardFlow makes a direct card payment and a card payout.
func cardFlow(t *testing.T, client *payments.Client, notify string) {
	t.Helper()
	card := wireCard
	amount := payments.MustParseMoney("10.00", payments.RUB)
	if _, err := client.InitPayment(t.Context(), &payments.InitRequest{
		OrderID: "5101", Amount: amount, Description: "Order 5101", NotificationURL: notify, Card: &card,
	}); err != nil {
		t.Fatalf("card payment: %v", err)
	}
	if !client.Capabilities().Supports(payments.OpWithdraw) {
		return
	}
	if _, err := client.Withdraw(t.Context(), &payments.WithdrawalRequest{OrderID: "P-5101", Amount: amount, Card: &payments.Card{Number: card.Number}}); err != nil {
		t.Fatalf("card payout: %v", err)
	}
}

// lockedWriter serialises writes to w.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// TestWireLogOffByDefault: without WireLog nothing reaches the wire
// logger, however much traffic there is; with it, every exchange does.
func TestWireLogOffByDefault(t *testing.T) {
	sb, err := sandbox.New(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb.Handler())
	sb.SetBaseURL(srv.URL)
	defer func() { _ = sb.Close(); srv.Close() }()
	for _, on := range []bool{false, true} {
		var mu sync.Mutex
		var log bytes.Buffer
		tr := &http.Transport{}
		cfg := sandboxConfigs(sb, func(string) string { return "https://shop.example/webhook" })["tbank"]
		cfg.Options.WireLog = on
		cfg.Options.HTTPClient = &http.Client{Transport: tr}
		cfg.Options.WireLogger = slog.New(slog.NewTextHandler(lockedWriter{&mu, &log}, &slog.HandlerOptions{Level: slog.LevelDebug}))
		client, err := providers.Open(t.Context(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		orderID := "off"
		if on {
			orderID = "on"
		}
		if _, err := client.InitPayment(t.Context(), &payments.InitRequest{OrderID: orderID, Amount: payments.MustParseMoney("1.00", payments.RUB), Description: "d"}); err != nil {
			t.Fatal(err)
		}
		if _, err := client.PaymentStatus(t.Context(), orderID); err != nil {
			t.Fatal(err)
		}
		tr.CloseIdleConnections()
		mu.Lock()
		n := strings.Count(log.String(), providerkit.WireLogMessage)
		mu.Unlock()
		// Init and the lookup (T-Bank's GetState, after CheckOrder when
		// the lookup is by order id): at least two exchanges.
		if (on && n < 2) || (!on && log.Len() != 0) {
			t.Errorf("WireLog %v: %d records (%d bytes)", on, n, log.Len())
		}
	}
}

// TestWireLogSettings: PAYMENTS_WIRE_LOG and the JSON option wire_log
// switch the wire log on, and a malformed value is an error naming them.
func TestWireLogSettings(t *testing.T) {
	t.Parallel()
	env := []struct {
		value   string
		want    bool
		wantErr string
	}{
		{"", false, ""}, {"1", true, ""}, {"true", true, ""}, {"0", false, ""}, {"false", false, ""},
		{"yes", false, `providers: PAYMENTS_WIRE_LOG must be true or false (or 1 or 0), got "yes"`},
	}
	for _, tt := range env {
		vars := map[string]string{"PAYMENTS_PROVIDER": "fake", "PAYMENTS_WIRE_LOG": tt.value}
		cfg, err := providers.FromEnv(func(k string) string { return vars[k] })
		if got := errString(err); got != tt.wantErr || cfg.Options.WireLog != tt.want {
			t.Errorf("PAYMENTS_WIRE_LOG=%q: WireLog %v, error %q; want %v, %q", tt.value, cfg.Options.WireLog, got, tt.want, tt.wantErr)
		}
	}
	var cfg providers.Config
	if err := json.Unmarshal([]byte(`{"provider":"fake","options":{"wire_log":true}}`), &cfg); err != nil || !cfg.Options.WireLog {
		t.Errorf("wire_log true: WireLog %v, %v", cfg.Options.WireLog, err)
	}
	out, err := json.Marshal(cfg.Options)
	if err != nil || string(out) != `{"wire_log":true}` {
		t.Errorf("MarshalJSON = %s, %v", out, err)
	}
	if err := json.Unmarshal([]byte(`{"provider":"fake","options":{"wire_log":"yes"}}`), &cfg); err == nil || !strings.Contains(err.Error(), "options.wire_log") {
		t.Errorf("wire_log \"yes\": %v, want an error naming options.wire_log", err)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestWireLogKeepsTBankRootCAs: T-Bank's hosts need the Russian Trusted
// Root CA, given as root_cas, which the provider adds to the TLS
// configuration of the transport under the wire log. With the wire log on,
// the provider still opens and its requests still verify against those
// roots (the sandbox's test certificate here, which no system trusts).
func TestWireLogKeepsTBankRootCAs(t *testing.T) {
	t.Parallel()
	sb, err := sandbox.New(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewTLSServer(sb.Handler())
	sb.SetBaseURL(srv.URL)
	defer func() { _ = sb.Close(); srv.Close() }()
	root := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})

	var mu sync.Mutex
	var log bytes.Buffer
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	cfg := sandboxConfigs(sb, func(string) string { return "https://shop.example/webhook" })["tbank"]
	cfg.Sections["tbank"]["root_cas"] = string(root)
	cfg.Options.WireLog = true
	cfg.Options.HTTPClient = &http.Client{Transport: tr}
	cfg.Options.WireLogger = slog.New(slog.NewTextHandler(lockedWriter{&mu, &log}, nil))
	client, err := providers.Open(t.Context(), cfg)
	if err != nil {
		t.Fatalf("Open with root_cas and the wire log: %v", err)
	}
	if _, err := client.InitPayment(t.Context(), &payments.InitRequest{OrderID: "tls-1", Amount: payments.MustParseMoney("1.00", payments.RUB), Description: "d"}); err != nil {
		t.Fatalf("InitPayment over TLS: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(log.String(), "path=/tbank/v2/Init") {
		t.Errorf("the exchange is not logged:\n%s", log.String())
	}
}
