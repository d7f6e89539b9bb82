package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paykit/payments/robokassa"
	"github.com/paykit/payments/sandbox"
)

// Test credentials: not the sandbox's public defaults, so that finding one
// in the tool's output proves a leak.
const (
	testRKLogin     = "cli-test-shop"
	testRKPassword1 = "rk-pw1-Zq8vLx"
	testRKPassword2 = "rk-pw2-Tm4nWe"
	testRKPassword3 = "rk-pw3-Hy7bQa"
	testRKTestPw1   = "rk-tpw1-Uc2dRf"
	testRKTestPw2   = "rk-tpw2-Kp9sJg"
	testCSSecret    = "cs-secret-Wv3xNb"
	testCard        = "4111111111111111" // the public SDK examples' test card (github.com/Space-Around/client-payment-sdk-python examples/withdrawal.py)
	testCardMasked  = "411111******1111"
)

// testSecrets are every secret the tests configure; none may be printed.
var testSecrets = []string{testRKPassword1, testRKPassword2, testRKPassword3, testRKTestPw1, testRKTestPw2, testCSSecret}

// wait bounds how long a test waits for a background notification: a
// deadline against hangs, not a timing assertion.
const wait = 10 * time.Second

// result is what one run of the tool did.
type result struct {
	code   int
	stdout string
	stderr string
}

// output is everything printed.
func (r result) output() string { return r.stdout + r.stderr }

// tool runs the CLI in-process with env as its whole environment.
type tool struct {
	t   *testing.T
	env map[string]string

	mu      sync.Mutex
	outputs []string // everything printed by every run, for leak checks
}

func newTool(t *testing.T, env map[string]string) *tool {
	t.Helper()
	tl := &tool{t: t, env: env}
	t.Cleanup(func() { tl.assertNoSecrets() })
	return tl
}

func (tl *tool) getenv(name string) string { return tl.env[name] }

// environ lists env as os.Environ does.
func (tl *tool) environ() []string {
	var kv []string
	for k, v := range tl.env {
		kv = append(kv, k+"="+v)
	}
	return kv
}

// run runs the tool with args and an empty standard input.
func (tl *tool) run(args ...string) result {
	tl.t.Helper()
	return tl.runStdin("", args...)
}

// runStdin runs the tool with args and stdin.
func (tl *tool) runStdin(stdin string, args ...string) result {
	tl.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out, errOut bytes.Buffer
	code := runWith(ctx, args, strings.NewReader(stdin), &out, &errOut, tl.getenv, tl.environ)
	r := result{code: code, stdout: out.String(), stderr: errOut.String()}
	tl.mu.Lock()
	tl.outputs = append(tl.outputs, r.output())
	tl.mu.Unlock()
	tl.t.Logf("payments %s -> %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, r.stdout, r.stderr)
	return r
}

// assertNoSecrets fails if any output of any run held a secret or the
// unmasked test card.
func (tl *tool) assertNoSecrets() {
	tl.t.Helper()
	tl.mu.Lock()
	defer tl.mu.Unlock()
	for _, out := range tl.outputs {
		for _, s := range append(testSecrets, testCard) {
			if strings.Contains(out, s) {
				tl.t.Errorf("output contains the secret or card %q:\n%s", s[:4]+"...", out)
			}
		}
	}
}

// wantCode fails the test unless r ended with code.
func wantCode(t *testing.T, r result, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit code %d, want %d\nstdout: %s\nstderr: %s", r.code, code, r.stdout, r.stderr)
	}
}

// decode decodes r's standard output as exactly one JSON object.
func decode[T any](t *testing.T, r result) T {
	t.Helper()
	var v T
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("stdout is not the expected JSON object: %v\n%s", err, r.stdout)
	}
	if dec.More() {
		t.Fatalf("stdout holds more than one JSON object:\n%s", r.stdout)
	}
	return v
}

// errorJSON is the error output.
type errorJSON struct {
	Error jsonError `json:"error"`
}

// shop is the shop's side: it records every notification as
// httputil.DumpRequest captures it and acknowledges it.
type shop struct {
	srv      *httptest.Server
	captured chan []byte
}

func newShop(t *testing.T) *shop {
	t.Helper()
	s := &shop{captured: make(chan []byte, 32)}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		dump, err := httputil.DumpRequest(r, true)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		s.captured <- dump
		// Robokassa wants "OK{InvId}"; clientsdk any 2xx. DumpRequest left
		// the body readable.
		_, _ = io.WriteString(w, "OK"+r.FormValue("InvId"))
	}))
	t.Cleanup(s.srv.Close)
	return s
}

// next returns the next captured notification.
func (s *shop) next(t *testing.T) []byte {
	t.Helper()
	select {
	case b := <-s.captured:
		return b
	case <-time.After(wait):
		t.Fatal("no notification reached the shop")
		return nil
	}
}

// startSandbox starts a sandbox with the test credentials on a loopback
// test server whose notifications go to sh.
func startSandbox(t *testing.T, sh *shop, method string) *sandbox.Server {
	t.Helper()
	sb, err := sandbox.New(sandbox.Options{
		Robokassa: sandbox.RobokassaShop{
			MerchantLogin: testRKLogin,
			Password1:     testRKPassword1,
			Password2:     testRKPassword2,
			Password3:     testRKPassword3,
			TestPassword1: testRKTestPw1,
			TestPassword2: testRKTestPw2,
			Algorithm:     robokassa.SHA256,
			ResultURL:     sh.srv.URL + "/result",
			ResultMethod:  method,
		},
		ClientSDK:  sandbox.ClientSDKMerchant{Secret: testCSSecret},
		HTTPClient: sh.srv.Client(),
		RetryDelay: time.Millisecond,
		Logf:       t.Logf,
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(sb.Handler())
	t.Cleanup(ts.Close)
	sb.SetBaseURL(ts.URL)
	t.Cleanup(func() { _ = sb.Close() })
	return sb
}

// robokassaEnv points the tool at sb's Robokassa side, secrets in files
// (as in production) except Password1, given inline.
func robokassaEnv(t *testing.T, sb *sandbox.Server) map[string]string {
	t.Helper()
	dir := t.TempDir()
	return map[string]string{
		"PAYMENTS_PROVIDER":            "robokassa",
		"ROBOKASSA_MERCHANT_LOGIN":     testRKLogin,
		"ROBOKASSA_PASSWORD1":          testRKPassword1,
		"ROBOKASSA_PASSWORD2_FILE":     secretFile(t, dir, "pw2", testRKPassword2),
		"ROBOKASSA_PASSWORD3_FILE":     secretFile(t, dir, "pw3", testRKPassword3),
		"ROBOKASSA_ALGORITHM":          "sha256",
		"ROBOKASSA_AUTH_URL":           sb.URL(),
		"ROBOKASSA_SERVICES_URL":       sb.URL(),
		"PAYMENTS_RETRY_INITIAL_DELAY": "1ms",
	}
}

// clientsdkEnv points the tool at sb's sbank/PayHub side, with webhooks to
// sh.
func clientsdkEnv(t *testing.T, sb *sandbox.Server, sh *shop) map[string]string {
	t.Helper()
	return map[string]string{
		"PAYMENTS_PROVIDER":            "clientsdk",
		"CLIENTSDK_BASE_URL":           sb.URL(),
		"CLIENTSDK_MERCHANT_ID":        sandbox.ClientSDKMerchantID,
		"CLIENTSDK_PRODUCT_ID":         sandbox.ClientSDKProductID,
		"CLIENTSDK_SECRET_FILE":        secretFile(t, t.TempDir(), "secret", testCSSecret+"\n"),
		"CLIENTSDK_NOTIFICATION_URL":   sh.srv.URL + "/webhooks",
		"PAYMENTS_RETRY_INITIAL_DELAY": "1ms",
	}
}

func secretFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// browser is an HTTP client that does not follow redirects, with its own
// transport.
func browser(t *testing.T) *http.Client {
	t.Helper()
	tr := newTransport()
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// openPage opens a payment page as the buyer's browser would.
func openPage(t *testing.T, link string) {
	t.Helper()
	resp, err := browser(t).Get(link)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("payment page: %d %s", resp.StatusCode, body)
	}
}
