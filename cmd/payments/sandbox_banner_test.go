package main

import (
	"bufio"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments/sandbox"
)

// shellAssignments parses the banner's block of variables the way a shell
// runs it when the whole block is pasted: the indented lines after "To
// point an app", each "export NAME=VALUE" with an optional trailing
// comment, or a comment. It returns every assignment in order; a line
// that is neither is an error.
func shellAssignments(t *testing.T, out string) [][2]string {
	t.Helper()
	var got [][2]string
	in := false
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "To point an app"):
			in = true
			continue
		case !in || !strings.HasPrefix(line, "  "):
			if in && strings.HasPrefix(line, "Scenario amounts") {
				in = false
			}
			continue
		}
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "#") {
			continue
		}
		assign, ok := strings.CutPrefix(line, "export ")
		if !ok {
			t.Errorf("pasted line is not an export or a comment: %q", line)
			continue
		}
		assign, _, _ = strings.Cut(assign, " #")
		name, value, ok := strings.Cut(strings.TrimSpace(assign), "=")
		if !ok || name == "" || strings.ContainsAny(value, " \t'\"$`;&|") {
			t.Errorf("pasted line is not a plain assignment: %q", line)
			continue
		}
		got = append(got, [2]string{name, value})
	}
	return got
}

// shellEnv is the environment the pasted block leaves: the last value of
// each variable.
func shellEnv(t *testing.T, out string) map[string]string {
	t.Helper()
	env := map[string]string{}
	for _, a := range shellAssignments(t, out) {
		env[a[0]] = a[1]
	}
	return env
}

// TestSandboxBannerOneProvider: the banner's block, pasted whole into a
// shell, sets PAYMENTS_PROVIDER exactly once, to the provider -provider
// names, sets every other variable once, and says how to choose the other
// providers.
func TestSandboxBannerOneProvider(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		provider string
		others   []string
	}{
		{"robokassa", []string{"clientsdk", "tbank"}},
		{"clientsdk", []string{"robokassa", "tbank"}},
		{"tbank", []string{"robokassa", "clientsdk"}},
	} {
		t.Run(tt.provider, func(t *testing.T) {
			t.Parallel()
			srv, err := sandbox.New(sandbox.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = srv.Close() })
			srv.SetBaseURL("http://127.0.0.1:8090")
			var b strings.Builder
			writeSandbox(&b, sandboxResult(srv, sandbox.Options{}, tt.provider))
			out := b.String()

			counts := map[string]int{}
			var providers []string
			for _, a := range shellAssignments(t, out) {
				counts[a[0]]++
				if a[0] == "PAYMENTS_PROVIDER" {
					providers = append(providers, a[1])
				}
			}
			if diff := cmp.Diff([]string{tt.provider}, providers); diff != "" {
				t.Errorf("PAYMENTS_PROVIDER assignments (-want +got):\n%s\n%s", diff, out)
			}
			for name, n := range counts {
				if n != 1 {
					t.Errorf("%s is set %d times", name, n)
				}
			}
			for _, name := range []string{"ROBOKASSA_MERCHANT_LOGIN", "ROBOKASSA_PASSWORD2", "CLIENTSDK_BASE_URL", "CLIENTSDK_SECRET", "TBANK_TERMINAL_KEY", "TBANK_PASSWORD", "TBANK_BASE_URL"} {
				if counts[name] != 1 {
					t.Errorf("%s is not set: every provider's variables belong in the block\n%s", name, out)
				}
			}
			for _, other := range tt.others {
				if want := fmt.Sprintf("payments sandbox -provider %s", other); !strings.Contains(out, want) {
					t.Errorf("the banner does not say how to choose %s (%q):\n%s", other, want, out)
				}
			}
		})
	}
}

func TestSandboxProviderFlag(t *testing.T) {
	t.Parallel()
	r := newTool(t, nil).run("sandbox", "-addr", "127.0.0.1:0", "-provider", "stripe")
	wantCode(t, r, exitUsage)
	if !strings.Contains(r.stderr, "-provider must be robokassa, clientsdk or tbank") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
}

// TestSandboxBannerTBank: the T-Bank lines point the tbank provider at the
// sandbox's terminal (its key and password, the API under TBankAPIPath),
// and the shop's -notification-url becomes the terminal's notification
// URL, as for clientsdk.
func TestSandboxBannerTBank(t *testing.T) {
	t.Parallel()
	const notify = "http://127.0.0.1:8080/webhook"
	tests := []struct {
		name     string
		opts     sandbox.Options
		wantLine string
	}{
		{"notification url", sandbox.Options{TBank: sandbox.TBankTerminal{NotificationURL: notify}}, "  webhooks:   " + notify + " (unless a payment names its own)"},
		{"none", sandbox.Options{}, "  webhooks:   none unless a payment names its URL (pass -notification-url)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, err := sandbox.New(tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = srv.Close() })
			srv.SetBaseURL("http://127.0.0.1:8090")
			res := sandboxResult(srv, tt.opts, "tbank")
			var b strings.Builder
			writeSandbox(&b, res)
			out := b.String()
			env := shellEnv(t, out)
			want := map[string]string{
				"PAYMENTS_PROVIDER":  "tbank",
				"TBANK_TERMINAL_KEY": sandbox.TBankTerminalKey,
				"TBANK_PASSWORD":     sandbox.TBankPassword,
				"TBANK_BASE_URL":     "http://127.0.0.1:8090" + sandbox.TBankAPIPath,
			}
			got := map[string]string{}
			for name := range want {
				got[name] = env[name]
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("T-Bank variables (-want +got):\n%s\n%s", diff, out)
			}
			if !strings.Contains(out, "T-Bank terminal "+sandbox.TBankTerminalKey+"\n"+tt.wantLine+"\n") {
				t.Errorf("banner lacks the terminal and %q:\n%s", tt.wantLine, out)
			}
			if diff := cmp.Diff(tt.opts.TBank.NotificationURL, res.TBank.NotificationURL); diff != "" {
				t.Errorf("JSON notification_url (-want +got):\n%s", diff)
			}
		})
	}
}
