package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
)

// TestRun starts the program as main does, checks that it prints the
// shop's URL and serves it, and that it shuts down when the context ends.
func TestRun(t *testing.T) {
	t.Parallel()
	for _, provider := range []string{"robokassa", "clientsdk", "tbank"} {
		t.Run(provider, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			pr, pw := io.Pipe()
			done := make(chan error, 1)
			go func() {
				err := run(ctx, []string{"-addr", "127.0.0.1:0", "-provider", provider}, func(string) string { return "" }, pw)
				pw.CloseWithError(err)
				done <- err
			}()
			shopURL := ""
			sc := bufio.NewScanner(pr)
			for sc.Scan() {
				if u, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "Open "); ok {
					shopURL = strings.TrimSuffix(u, " in a browser")
					break
				}
			}
			go io.Copy(io.Discard, pr) // keep the log flowing
			if !strings.HasPrefix(shopURL, "http://127.0.0.1:") {
				t.Fatalf("run printed no shop URL (got %q, scan error %v)", shopURL, sc.Err())
			}
			p := newBuyer(t).get(shopURL)
			if p.status != http.StatusOK || !strings.Contains(p.body, "Provider: "+provider+" on the local sandbox") {
				t.Errorf("GET %s: %d\n%s", shopURL, p.status, p.body)
			}
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("run after cancel: %v", err)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("run did not return after its context ended")
			}
		})
	}
}

// TestParseArgs checks the flags and their environment defaults.
func TestParseArgs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		want    string // "sandbox provider addr public firstOrder"
		wantErr string
	}{
		{"defaults", nil, nil, "true robokassa 127.0.0.1:8080  0", ""},
		{"flags", []string{"-provider", "clientsdk", "-addr", ":9000", "-public-url", "https://shop.example", "-first-order", "7"}, nil, "true clientsdk :9000 https://shop.example 7", ""},
		{"environment", nil, map[string]string{"PAYMENTS_PROVIDER": "clientsdk", "CHECKOUT_ADDR": ":9001", "CHECKOUT_PUBLIC_URL": "https://a.example"}, "true clientsdk :9001 https://a.example 0", ""},
		{"real provider", nil, map[string]string{"CHECKOUT_SANDBOX": "false", "PAYMENTS_PROVIDER": "robokassa"}, "false robokassa 127.0.0.1:8080  0", ""},
		{"real provider from its config", []string{"-sandbox=false"}, nil, "false  127.0.0.1:8080  0", ""},
		{"flag beats environment", []string{"-sandbox=true"}, map[string]string{"CHECKOUT_SANDBOX": "0"}, "true robokassa 127.0.0.1:8080  0", ""},
		{"bad CHECKOUT_SANDBOX", nil, map[string]string{"CHECKOUT_SANDBOX": "maybe"}, "", `CHECKOUT_SANDBOX="maybe" is not a boolean`},
		{"stray argument", []string{"now"}, nil, "", "unexpected arguments"},
		{"unknown flag", []string{"-password", "x"}, nil, "", "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := parseArgs(tt.args, func(k string) string { return tt.env[k] }, io.Discard)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Join([]string{strconv.FormatBool(s.sandbox), s.provider, s.addr, s.publicURL, strconv.FormatInt(s.firstOrder, 10)}, " ")
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("settings (-want +got):\n%s", diff)
			}
		})
	}
}

// TestStartErrors: a provider the sandbox does not play, or a real
// provider with a missing secret, fails at start, not at the first payment.
func TestStartErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		s       settings
		wantErr error
		wantMsg string
	}{
		{"sandbox of an unknown provider", settings{sandbox: true, provider: "paypal", sandboxAddr: "127.0.0.1:0"}, nil, `not "paypal"`},
		{"missing secret", settings{getenv: func(k string) string {
			return map[string]string{"PAYMENTS_PROVIDER": "robokassa", "ROBOKASSA_MERCHANT_LOGIN": "x", "ROBOKASSA_ALGORITHM": "MD5", "ROBOKASSA_PASSWORD1": "p"}[k]
		}}, payments.ErrInvalidRequest, "password2"},
		{"no provider", settings{}, payments.ErrInvalidRequest, "provider"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := tt.s
			s.listener = listen(t)
			s.out = io.Discard
			if s.getenv == nil {
				s.getenv = func(string) string { return "" }
			}
			in, err := start(t.Context(), s)
			if err == nil {
				in.shutdown(context.Background())
				t.Fatal("start succeeded")
			}
			if (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("start: %v, want an error wrapping %v mentioning %q", err, tt.wantErr, tt.wantMsg)
			}
		})
	}
}

// TestLocalURL: a shop listening on every interface is reached at
// 127.0.0.1.
func TestLocalURL(t *testing.T) {
	t.Parallel()
	tests := []struct{ addr, want string }{
		{"127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"0.0.0.0:8080", "http://127.0.0.1:8080"},
		{"[::]:8080", "http://127.0.0.1:8080"},
		{"[::1]:8080", "http://[::1]:8080"},
		{"192.0.2.7:80", "http://192.0.2.7:80"},
	}
	for _, tt := range tests {
		addr, err := net.ResolveTCPAddr("tcp", tt.addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := localURL(addr); got != tt.want {
			t.Errorf("localURL(%s) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}
