package tbank

import (
	"context"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

var readEx = providerkit.Read(payments.OpPaymentStatus)

func TestRegistration(t *testing.T) {
	t.Parallel()
	r := Registration()
	if err := r.Check(); err != nil {
		t.Fatal(err)
	}
	p, err := r.Open(context.Background(), providerkit.NewSettings(r, map[string]string{"terminal_key": testTerminal, "password": testPassword}))
	if err != nil {
		t.Fatal(err)
	}
	if p.Name() != Name || p.(payments.AccountNamer).MerchantAccount() != testTerminal {
		t.Errorf("opened %v", p)
	}
	_, err = r.Open(context.Background(), providerkit.NewSettings(r, map[string]string{"terminal_key": testTerminal, "password": testPassword, "root_cas": "not PEM"}))
	var ce *providerkit.ConfigError
	if !errors.As(err, &ce) || ce.Field != "root_cas" {
		t.Errorf("bad root_cas: err = %v", err)
	}
}

// TestConfigValidate: RootCAs must hold PEM; there is no way to switch
// verification off.
func TestConfigValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no terminal", Config{Password: "p"}},
		{"no password", Config{TerminalKey: "k"}},
		{"bad base", Config{TerminalKey: "k", Password: "p", BaseURL: "ftp://x"}},
		{"bad ffd", Config{TerminalKey: "k", Password: "p", FFDVersion: "1.1"}},
		{"bad root", Config{TerminalKey: "k", Password: "p", RootCAs: "-----BEGIN CERTIFICATE-----\nxx\n-----END CERTIFICATE-----\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := New(tt.cfg); !errors.Is(err, payments.ErrInvalidRequest) {
				t.Errorf("err = %v", err)
			}
		})
	}
}

// TestSecretsNeverPrint: the password appears in no fmt verb or log of
// the Config or the Provider, nor in a request's error.
func TestSecretsNeverPrint(t *testing.T) {
	t.Parallel()
	cfg := Config{TerminalKey: testTerminal, Password: testPassword}
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	slog.New(slog.NewTextHandler(&b, nil)).Info("x", "cfg", cfg, "p", p)
	for _, v := range []any{cfg, &cfg, p, *p} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			b.WriteString(fmt.Sprintf(verb, v))
		}
	}
	if strings.Contains(b.String(), testPassword) {
		t.Errorf("the password printed: %s", b.String())
	}
}

// TestRootCAs: a PEM root is added to the system pool of the client's
// transport; verification stays on, and a transport that cannot take it
// is refused.
func TestRootCAs(t *testing.T) {
	t.Parallel()
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"Success":true,"ErrorCode":"0","Status":"NEW","PaymentId":"1","OrderId":"o","Amount":1000}`)
	}))
	t.Cleanup(srv.Close)
	pemRoot := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
	// Without the root the server's certificate is not trusted.
	p, err := New(Config{TerminalKey: testTerminal, Password: testPassword, BaseURL: srv.URL + "/v2", HTTPClient: &http.Client{Transport: &http.Transport{}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.PaymentStatus(context.Background(), payments.PaymentQuery{PaymentID: "1"}); err == nil {
		t.Fatal("an untrusted certificate was accepted")
	}
	p, err = New(Config{TerminalKey: testTerminal, Password: testPassword, BaseURL: srv.URL + "/v2", HTTPClient: &http.Client{Transport: &http.Transport{}}, RootCAs: pemRoot})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.PaymentStatus(context.Background(), payments.PaymentQuery{PaymentID: "1"}); err != nil {
		t.Fatalf("with RootCAs: %v", err)
	}
	_, err = New(Config{TerminalKey: testTerminal, Password: testPassword, HTTPClient: &http.Client{Transport: &script{t: t}}, RootCAs: pemRoot})
	if !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("a foreign transport with RootCAs: err = %v", err)
	}
}
