package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paykit/payments/sandbox"
)

// syncBuffer is a bytes.Buffer safe for a writer and a reader at once.
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

// sandboxRun is "payments sandbox" running in the background.
type sandboxRun struct {
	stdout, stderr syncBuffer
	cancel         context.CancelFunc
	done           chan int
}

func startSandboxCommand(t *testing.T, args ...string) *sandboxRun {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &sandboxRun{cancel: cancel, done: make(chan int, 1)}
	go func() {
		s.done <- run(ctx, append([]string{"sandbox", "-addr", "127.0.0.1:0"}, args...), nil, &s.stdout, &s.stderr, func(string) string { return "" })
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-s.done:
		case <-time.After(wait):
			t.Error("the sandbox did not stop")
		}
	})
	return s
}

// waitFor polls f until it is true or the deadline passes.
func waitFor(t *testing.T, what string, f func() bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !f() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// stop interrupts the sandbox and returns its exit code.
func (s *sandboxRun) stop(t *testing.T) int {
	t.Helper()
	s.cancel()
	select {
	case code := <-s.done:
		s.done <- code // for the cleanup
		return code
	case <-time.After(wait):
		t.Fatal("the sandbox did not stop")
		return -1
	}
}

// TestSandboxCommand runs "payments sandbox", points the tool at it with
// the variables it prints, and checks its progress lines and its stop on
// interrupt.
func TestSandboxCommand(t *testing.T) {
	t.Parallel()
	sh := newShop(t)
	s := startSandboxCommand(t, "-result-url", sh.srv.URL+"/result", "-algorithm", "sha256")
	waitFor(t, "the sandbox's banner", func() bool { return strings.Contains(s.stdout.String(), "Scenario amounts") })
	out := s.stdout.String()
	for _, want := range []string{"Sandbox running at http://127.0.0.1:", "sandbox-only public test values", "algorithm SHA256", "ResultURL:  POST " + sh.srv.URL + "/result", "export ROBOKASSA_PASSWORD1=" + sandbox.DefaultRobokassaPassword1, "export CLIENTSDK_SECRET=" + sandbox.ClientSDKSecret} {
		if !strings.Contains(out, want) {
			t.Errorf("banner lacks %q:\n%s", want, out)
		}
	}

	// The printed variables work: a Robokassa link whose page opens, and a
	// clientsdk link made through the sandbox's API.
	// The whole block pasted selects Robokassa (the default -provider);
	// changing PAYMENTS_PROVIDER selects clientsdk.
	env := shellEnv(t, out)
	tl := newTool(t, env)
	r := tl.run("-json", "link", "-order", "5", "-amount", "10.00")
	wantCode(t, r, exitOK)
	if p := decode[paymentJSON](t, r); p.Provider != "robokassa" {
		t.Errorf("the pasted block selects %q, want robokassa", p.Provider)
	} else {
		openPage(t, p.NextStep.URL)
	}
	if env["CLIENTSDK_BASE_URL"] == "" || env["CLIENTSDK_NOTIFICATION_PATH"] != "/webhooks" {
		t.Errorf("clientsdk variables %v", env)
	}
	env["PAYMENTS_PROVIDER"] = "clientsdk"
	wantCode(t, newTool(t, env).run("link", "-order", "6", "-amount", "10.00"), exitOK)
	// and tbank: a payment link to the sandbox's T-Bank payment page.
	env["PAYMENTS_PROVIDER"] = "tbank"
	r = newTool(t, env).run("-json", "link", "-order", "7", "-amount", "10.00")
	wantCode(t, r, exitOK)
	if p := decode[paymentJSON](t, r); p.Provider != "tbank" || !strings.HasPrefix(p.NextStep.URL, env["ROBOKASSA_AUTH_URL"]+"/tbank/pay/") {
		t.Errorf("tbank link: provider %q, page %q", p.Provider, p.NextStep.URL)
	} else {
		openPage(t, p.NextStep.URL)
	}

	waitFor(t, "progress lines", func() bool {
		e := s.stderr.String()
		return strings.Contains(e, "GET /Merchant/Index.aspx -> 200") && strings.Contains(e, "POST /init -> 200")
	})
	if e := s.stderr.String(); strings.Contains(e, "SignatureValue") || strings.Contains(e, "signature=") {
		t.Errorf("progress lines show signed queries or bodies:\n%s", e)
	}

	if code := s.stop(t); code != exitOK {
		t.Errorf("exit code %d after an interrupt, want 0", code)
	}
	if !strings.Contains(s.stderr.String(), "stopped") {
		t.Errorf("no stop line:\n%s", s.stderr.String())
	}
}

// TestSandboxCommandJSON checks the -json banner (one object) and the
// progress lines as JSON objects.
func TestSandboxCommandJSON(t *testing.T) {
	t.Parallel()
	s := startSandboxCommand(t, "-json", "-notification-url", "http://127.0.0.1:1/webhooks")
	waitFor(t, "the banner", func() bool { return strings.HasSuffix(s.stdout.String(), "\n") })
	var res sandboxJSON
	dec := json.NewDecoder(strings.NewReader(s.stdout.String()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&res); err != nil {
		t.Fatalf("banner: %v\n%s", err, s.stdout.String())
	}
	if !strings.HasPrefix(res.URL, "http://127.0.0.1:") || res.Robokassa.MerchantLogin != sandbox.DefaultRobokassaLogin ||
		res.ClientSDK.NotificationURL != "http://127.0.0.1:1/webhooks" || !strings.Contains(res.Note, "sandbox-only") || len(res.Triggers) != 5 {
		t.Errorf("banner %+v", res)
	}
	env := map[string]string{}
	for _, v := range res.Robokassa.Env {
		env[v.Name] = v.Value
	}
	wantCode(t, newTool(t, env).run("status", "-order", "1"), exitFailed) // unknown invoice, but the sandbox answered
	waitFor(t, "a progress line", func() bool { return strings.Contains(s.stderr.String(), "OpStateExt") })
	for _, line := range strings.Split(strings.TrimSpace(s.stderr.String()), "\n") {
		var ev struct {
			Time  string `json:"time"`
			Event string `json:"event"`
		}
		if err := json.Unmarshal([]byte(line), &ev); err != nil || ev.Time == "" || ev.Event == "" {
			t.Errorf("progress line is not a JSON event: %q (%v)", line, err)
		}
	}
}

// TestSandboxCommandAddressInUse fails with exit code 2 when the address
// is taken.
func TestSandboxCommandAddressInUse(t *testing.T) {
	t.Parallel()
	s := startSandboxCommand(t)
	waitFor(t, "the banner", func() bool { return strings.Contains(s.stdout.String(), "Sandbox running at ") })
	addr := strings.TrimPrefix(strings.Fields(strings.TrimPrefix(s.stdout.String(), "Sandbox running at "))[0], "http://")
	tl := newTool(t, nil)
	r := tl.run("sandbox", "-addr", addr)
	wantCode(t, r, exitUsage)
	if !strings.Contains(r.stderr, "cannot listen on "+addr) {
		t.Errorf("stderr:\n%s", r.stderr)
	}
}
