package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/paykit/payments/robokassa"
)

func TestRobokassaShopDefaults(t *testing.T) {
	t.Parallel()
	got := RobokassaShop{}.withDefaults()
	want := RobokassaShop{MerchantLogin: "sandbox-shop", Password1: "sandbox-pass1", Password2: "sandbox-pass2", Password3: "sandbox-pass3",
		TestPassword1: "sandbox-test-pass1", TestPassword2: "sandbox-test-pass2", Algorithm: robokassa.MD5, ResultMethod: http.MethodPost}
	if got != want {
		t.Errorf("defaults = %#v", got) // redacted, so compare field by field below
		t.Errorf("login %q algorithm %q method %q", got.MerchantLogin, got.Algorithm, got.ResultMethod)
	}
	for _, bad := range []RobokassaShop{{Algorithm: "SHA3"}, {ResultMethod: "PUT"}, {MerchantLogin: "a:b"}} {
		if err := bad.withDefaults().check(); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

// A misconfigured shop is refused when the sandbox is made, not at the
// first request.
func TestRobokassaMisconfigured(t *testing.T) {
	t.Parallel()
	s, err := New(Options{Robokassa: RobokassaShop{Algorithm: "SHA3", Password1: "secret-one"}})
	if err == nil {
		s.Close()
		t.Fatal("New accepted an unknown algorithm")
	}
	if !strings.Contains(err.Error(), "SHA3") || strings.Contains(err.Error(), "secret-one") {
		t.Errorf("error %q should name the algorithm and no password", err)
	}
}

// Passwords never print, whatever the verb, and never reach the log.
func TestRobokassaShopRedaction(t *testing.T) {
	t.Parallel()
	sh := RobokassaShop{MerchantLogin: "m", Password1: "secret-one", Password2: "secret-two", Password3: "secret-three",
		TestPassword1: "secret-t1", TestPassword2: "secret-t2", Algorithm: robokassa.SHA256}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("shop", "shop", sh)
	js, err := json.Marshal(struct{ Shop RobokassaShop }{sh})
	if err != nil {
		t.Fatal(err)
	}
	out := fmt.Sprintf("%v %+v %#v %s %q %x %d %t", sh, sh, sh, sh, sh, sh, sh, sh) + buf.String() + string(js)
	if strings.Contains(out, "secret") {
		t.Fatalf("a password printed:\n%s", out)
	}
	if !strings.Contains(out, "[redacted]") || !strings.Contains(out, "SHA256") {
		t.Errorf("redacted form lacks detail:\n%s", out)
	}

	// A whole flow logs no password.
	var mu sync.Mutex
	var logs strings.Builder
	e := newRKEnv(t, rkEnvOptions{shop: sh, logf: func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(&logs, format+"\n", args...)
	}})
	e.failNext.Store(1)
	e.paid(5, "10.00")
	eventually(t, "the retry is logged", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return strings.Contains(logs.String(), "accepted on attempt 2")
	})
	mu.Lock()
	defer mu.Unlock()
	if strings.Contains(logs.String(), "secret") || logs.Len() == 0 {
		t.Errorf("log:\n%s", logs.String())
	}
}
