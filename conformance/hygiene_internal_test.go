package conformance

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// tbRecorder is a testing.TB that records what a check reports instead of
// failing the test; Skip and Fatal end the check's goroutine as they would
// end a test.
type tbRecorder struct {
	testing.TB
	errors  []string
	skipped bool
}

func (r *tbRecorder) Helper()             {}
func (r *tbRecorder) Log(...any)          {}
func (r *tbRecorder) Logf(string, ...any) {}
func (r *tbRecorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *tbRecorder) Skipf(string, ...any) { r.skipped = true; runtime.Goexit() }
func (r *tbRecorder) Fatal(args ...any) {
	r.errors = append(r.errors, fmt.Sprint(args...))
	runtime.Goexit()
}

// capture runs check with a tbRecorder and returns it.
func capture(t *testing.T, check func(tb testing.TB)) *tbRecorder {
	r := &tbRecorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		check(r)
	}()
	<-done
	return r
}

// The fixture check finds a configured secret as it is and in the
// encodings the recorder does not scrub, finds card numbers after other
// digits, leaves secrets too short to tell from chance alone, and skips a
// missing directory.
func TestFixtureHygiene(t *testing.T) {
	t.Parallel()
	const secret = "s3cret-key-for-hygiene"
	tests := []struct {
		name    string
		content string
		want    string // "" = no error
	}{
		{"clean", `{"order": "1001", "amount": "10.00"}`, ""},
		{"plain secret", `{"key": "` + secret + `"}`, "contains a configured secret (22 characters long)"},
		{"base64 secret", `{"auth": "` + base64.StdEncoding.EncodeToString([]byte(secret)) + `"}`, "base64-encoded"},
		{"base64url secret", `{"auth": "` + base64.RawURLEncoding.EncodeToString([]byte(secret+"?>")) + `"}`, "base64url-encoded"},
		{"hex secret", `{"auth": "` + fmt.Sprintf("%x", secret) + `"}`, "hex-encoded"},
		{"short secret", `{"pin": "abc"}`, ""},
		{"four-character secret", `{"pin": "pq4z"}`, "contains a configured secret (4 characters long)"},
		{"eight-character secret, base64", `{"auth": "` + base64.StdEncoding.EncodeToString([]byte("8chars!!")) + `"}`, "(8 characters long), base64-encoded"},
		{"card after a number", `{"text": "order 1001 card 4111111111111111"}`, "card number in clear (411111******1111)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "x.json"), []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
			h := &Harness{FixtureDir: dir, Secrets: []string{secret, secret + "?>", "abc", "", "pq4z", "8chars!!"}}
			r := capture(t, func(tb testing.TB) { checkFixtureHygiene(tb, h) })
			got := strings.Join(r.errors, "\n")
			if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
				t.Errorf("errors %q, want %q", got, tt.want)
			}
		})
	}
	r := capture(t, func(tb testing.TB) {
		checkFixtureHygiene(tb, &Harness{FixtureDir: filepath.Join(t.TempDir(), "none")})
	})
	if !r.skipped || len(r.errors) > 0 {
		t.Errorf("a missing fixture directory: skipped %v, errors %q; want a skip", r.skipped, r.errors)
	}
}

// A fixture that keeps a signature over card data fails the check; a file
// that is not a fixture is left to the other checks.
func TestCheckCardDerived(t *testing.T) {
	t.Parallel()
	fx := `{"scenario":"x","exchanges":[{"request":{"method":"POST","path":"/pay","form":{"pan":["411111******1111"],"signature":["abc"]}},"response":{"status":200,"body":""}}]}`
	r := capture(t, func(tb testing.TB) { checkCardDerived(tb, "x.json", []byte(fx)) })
	if len(r.errors) != 1 || !strings.Contains(r.errors[0], "x.json: exchange 1 (POST /pay) carries card data and keeps signature") {
		t.Errorf("errors %q, want one naming the signature", r.errors)
	}
	r = capture(t, func(tb testing.TB) { checkCardDerived(tb, "y.json", []byte(`not a fixture`)) })
	if len(r.errors) != 0 {
		t.Errorf("a file that is no fixture: errors %q", r.errors)
	}
}

// checkSkips refuses a skip of no scenario and a skip without a reason,
// and accepts the hygiene check's name.
func TestCheckSkips(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		skip map[string]string
		ok   bool
	}{
		{"none", nil, true},
		{"known with reason", map[string]string{"webhook_valid": "no webhooks here", hygieneScenario: "fixtures are generated"}, true},
		{"unknown", map[string]string{"webhook_valdi": "typo"}, false},
		{"no reason", map[string]string{"webhook_valid": " \t"}, false},
	}
	for _, tt := range tests {
		var ok bool
		r := capture(t, func(tb testing.TB) { ok = checkSkips(tb, &Harness{Skip: tt.skip}) })
		if ok != tt.ok || (len(r.errors) == 0) != tt.ok {
			t.Errorf("%s: checkSkips = %v with errors %q, want %v", tt.name, ok, r.errors, tt.ok)
		}
	}
}
