package conformance

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRequestMatch(t *testing.T) {
	t.Parallel()
	want := Request{
		Method: "POST", Path: "/init",
		Query: url.Values{"a": {"1"}},
		Form:  url.Values{"pan": {"411111******1111"}, "cvc": {Scrubbed}, "amount": {"10.00"}},
	}
	tests := []struct {
		name string
		got  Request
		ok   bool
	}{
		{"same", Request{Method: "POST", Path: "/init", Query: url.Values{"a": {"1"}}, Form: url.Values{"pan": {"4111111111111111"}, "cvc": {"123"}, "amount": {"10.00"}}}, true},
		{"other method", Request{Method: "GET", Path: "/init", Query: url.Values{"a": {"1"}}, Form: url.Values{"pan": {"4111111111111111"}, "cvc": {"123"}, "amount": {"10.00"}}}, false},
		{"other path", Request{Method: "POST", Path: "/status", Query: url.Values{"a": {"1"}}, Form: url.Values{"pan": {"4111111111111111"}, "cvc": {"123"}, "amount": {"10.00"}}}, false},
		{"other amount", Request{Method: "POST", Path: "/init", Query: url.Values{"a": {"1"}}, Form: url.Values{"pan": {"4111111111111111"}, "cvc": {"123"}, "amount": {"10.01"}}}, false},
		// Masking hides the middle digits, so any valid card with the same
		// mask matches (the signature that would bind the number is scrubbed
		// from requests with card data: it would give the number back).
		{"other card with the same mask", Request{Method: "POST", Path: "/init", Query: url.Values{"a": {"1"}}, Form: url.Values{"pan": {"4111110000091111"}, "cvc": {"123"}, "amount": {"10.00"}}}, true},
		{"card with another mask", Request{Method: "POST", Path: "/init", Query: url.Values{"a": {"1"}}, Form: url.Values{"pan": {"5555555555554444"}, "cvc": {"123"}, "amount": {"10.00"}}}, false},
		{"extra field", Request{Method: "POST", Path: "/init", Query: url.Values{"a": {"1"}}, Form: url.Values{"pan": {"4111111111111111"}, "cvc": {"123"}, "amount": {"10.00"}, "x": {""}}}, false},
		{"missing query", Request{Method: "POST", Path: "/init", Form: url.Values{"pan": {"4111111111111111"}, "cvc": {"123"}, "amount": {"10.00"}}}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := want.match(tc.got)
			if (d == "") != tc.ok {
				t.Errorf("match = %q, want ok=%v", d, tc.ok)
			}
			if strings.Contains(d, "4111111111111111") || strings.Contains(d, "5555555555554444") {
				t.Errorf("mismatch message %q shows a card number", d)
			}
		})
	}
}

func TestJSONMatch(t *testing.T) {
	t.Parallel()
	want := Request{Method: "POST", Path: "/x", JSON: []byte(`{"a":1,"b":["x",{"c":"<scrubbed>"}]}`)}
	if d := want.match(Request{Method: "POST", Path: "/x", JSON: []byte(`{"b":["x",{"c":"secret"}],"a":1}`)}); d != "" {
		t.Errorf("reordered JSON did not match: %s", d)
	}
	if d := want.match(Request{Method: "POST", Path: "/x", JSON: []byte(`{"b":["x",{"c":"secret"}],"a":2}`)}); d == "" {
		t.Error("changed JSON matched")
	}
}

func TestScrubCards(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"pan=4111111111111111&x=1":       "pan=411111******1111&x=1",
		"5555555555554444":               "555555******4444",
		"order 1234567890123 not a card": "order 1234567890123 not a card", // fails Luhn
		"12345678901234567890123":        "12345678901234567890123",        // too long
		"ts 1700000000":                  "ts 1700000000",
	}
	for in, want := range tests {
		if got := scrubCards(in); got != want {
			t.Errorf("scrubCards(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRecordThenReplay records exchanges with a live (local) server through
// the scrubbing recorder, saves the fixture, and replays it strictly.
func TestRecordThenReplay(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"status":"ok","echo":"`+r.Form.Get("pan")+`","key":"sk_live_12345"}`)
	}))
	defer srv.Close()

	rec := newRecorder(http.DefaultTransport, []string{"sk_live_12345"}, []string{"cvc"})
	client := &http.Client{Transport: rec}
	form := url.Values{"pan": {"4111111111111111"}, "cvc": {"987"}, "amount": {"10.00"}, "api_key": {"sk_live_12345"}}
	resp, err := client.PostForm(srv.URL+"/init?x=1", form)
	if err != nil {
		t.Fatal(err)
	}
	live, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(live), "4111111111111111") {
		t.Fatalf("the recorder changed the live answer: %s", live)
	}

	dir := t.TempDir()
	if err := rec.fixture("demo", "").Save(dir); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "demo.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{"4111111111111111", "sk_live_12345", `"987"`} {
		if strings.Contains(string(data), leak) {
			t.Errorf("fixture leaks %q:\n%s", leak, data)
		}
	}

	fx, err := LoadFixture(dir, "demo")
	if err != nil {
		t.Fatal(err)
	}
	r := newReplayer("demo", fx)
	resp, err = (&http.Client{Transport: r.Transport()}).PostForm("http://elsewhere.invalid/init?x=1", form)
	if err != nil {
		t.Fatal(err)
	}
	replayed, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	wantBody := `{"status":"ok","echo":"411111******1111","key":"<scrubbed>"}`
	if diff := cmp.Diff(wantBody, string(replayed)); diff != "" {
		t.Errorf("replayed body (-want +got):\n%s", diff)
	}
	if p := r.finish(); len(p) != 0 {
		t.Errorf("replay problems: %v", p)
	}
}

func TestReplayStrict(t *testing.T) {
	t.Parallel()
	fx := &Fixture{Scenario: "s", Exchanges: []Exchange{
		{Request: Request{Method: "GET", Path: "/a"}, Response: Response{Status: 200, Body: "a"}},
		{Request: Request{Method: "GET", Path: "/b"}, Response: Response{Status: 200, Body: "b"}},
	}}
	t.Run("unused exchange fails", func(t *testing.T) {
		r := newReplayer("s", fx)
		c := &http.Client{Transport: r.Transport()}
		resp, err := c.Get("http://x.invalid/a")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if p := r.finish(); len(p) != 1 || !strings.Contains(p[0], "/b") {
			t.Errorf("finish = %v, want the unused /b reported", p)
		}
	})
	t.Run("out of order fails", func(t *testing.T) {
		r := newReplayer("s", fx)
		c := &http.Client{Transport: r.Transport()}
		if _, err := c.Get("http://x.invalid/b"); err == nil {
			t.Error("an out-of-order request was served")
		}
		if p := r.finish(); len(p) < 1 {
			t.Error("the mismatch was not reported")
		}
	})
	t.Run("unexpected request fails", func(t *testing.T) {
		r := newReplayer("s", nil)
		c := &http.Client{Transport: r.Transport()}
		if _, err := c.Get("http://x.invalid/a"); err == nil {
			t.Error("a request was served from an empty fixture")
		}
		if p := r.finish(); len(p) != 1 {
			t.Errorf("finish = %v, want one problem", p)
		}
	})
}
