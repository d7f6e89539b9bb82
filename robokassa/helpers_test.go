package robokassa

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
)

// The golden shop: a made-up shop (golden-shop, passwords Pass1_golden8,
// Pass2_golden8, Pass3_golden8) for worked examples. Its signatures are
// computed with Robokassa's documented rules, not published vectors:
// Robokassa publishes no password for its own examples.
const (
	goldenLogin = "golden-shop"
	goldenPass1 = "Pass1_golden8"
	goldenPass2 = "Pass2_golden8"
	goldenPass3 = "Pass3_golden8"
	goldenTest1 = "Test1_golden8"
	goldenTest2 = "Test2_golden8"
)

func goldenConfig() Config {
	return Config{
		MerchantLogin: goldenLogin,
		Password1:     goldenPass1,
		Password2:     goldenPass2,
		Password3:     goldenPass3,
		TestPassword1: goldenTest1,
		TestPassword2: goldenTest2,
		Algorithm:     MD5,
	}
}

// newProvider returns a golden-shop provider (changed by mod) whose HTTP
// goes through rt (or nowhere when rt is nil).
func newProvider(t testing.TB, rt http.RoundTripper, mod func(*Config)) *Provider {
	t.Helper()
	cfg := goldenConfig()
	if rt == nil {
		rt = httpmock.NewMockTransport()
	}
	cfg.HTTPClient = &http.Client{Transport: rt}
	if mod != nil {
		mod(&cfg)
	}
	p, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return p
}

// fixture is the conformance fixture format (conformance/doc.go).
type fixture struct {
	Scenario  string `json:"scenario"`
	Source    string `json:"source"`
	Exchanges []struct {
		Request struct {
			Method string              `json:"method"`
			Path   string              `json:"path"`
			Query  map[string][]string `json:"query"`
			Form   map[string][]string `json:"form"`
			JSON   json.RawMessage     `json:"json"`
			Body   *string             `json:"body"`
		} `json:"request"`
		Response struct {
			Status int                 `json:"status"`
			Header map[string][]string `json:"header"`
			Body   string              `json:"body"`
		} `json:"response"`
	} `json:"exchanges"`
}

// replay returns a transport that serves the exchanges of a fixture file in
// order with strict matching, and fails the test if one is left unused.
func replay(t *testing.T, file string) http.RoundTripper {
	t.Helper()
	var fx fixture
	mustFixture(t, file, &fx)
	var mu sync.Mutex
	next := 0
	tr := httpmock.NewMockTransport()
	tr.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		mu.Lock()
		defer mu.Unlock()
		if next >= len(fx.Exchanges) {
			t.Errorf("%s: unexpected request %s %s", file, req.Method, req.URL)
			return httpmock.NewStringResponse(599, "unexpected"), nil
		}
		ex := fx.Exchanges[next]
		next++
		want := ex.Request
		if req.Method != want.Method || req.URL.Path != want.Path {
			t.Errorf("%s #%d: request %s %s, want %s %s", file, next, req.Method, req.URL.Path, want.Method, want.Path)
		}
		if want.Query != nil {
			if diff := cmp.Diff(url.Values(want.Query), req.URL.Query()); diff != "" {
				t.Errorf("%s #%d: query (-want +got):\n%s", file, next, diff)
			}
		}
		var body []byte
		if req.Body != nil {
			body, _ = io.ReadAll(req.Body)
		}
		switch {
		case want.Form != nil:
			got, err := url.ParseQuery(string(body))
			if err != nil {
				t.Errorf("%s #%d: form: %v", file, next, err)
			}
			if diff := cmp.Diff(url.Values(want.Form), got); diff != "" {
				t.Errorf("%s #%d: form (-want +got):\n%s", file, next, diff)
			}
		case want.JSON != nil:
			var w, g any
			_ = json.Unmarshal(want.JSON, &w)
			if err := json.Unmarshal(body, &g); err != nil {
				t.Errorf("%s #%d: body %q is not JSON: %v", file, next, body, err)
			}
			if diff := cmp.Diff(w, g); diff != "" {
				t.Errorf("%s #%d: JSON body (-want +got):\n%s", file, next, diff)
			}
		case want.Body != nil:
			if diff := cmp.Diff(*want.Body, string(body)); diff != "" {
				t.Errorf("%s #%d: body (-want +got):\n%s", file, next, diff)
			}
		}
		resp := httpmock.NewStringResponse(ex.Response.Status, ex.Response.Body)
		for k, vs := range ex.Response.Header {
			resp.Header[k] = vs
		}
		return resp, nil
	})
	t.Cleanup(func() {
		if next != len(fx.Exchanges) {
			t.Errorf("%s: %d of %d exchanges unused", file, len(fx.Exchanges)-next, len(fx.Exchanges))
		}
	})
	return tr
}

// mustFixture reads a fixture file of ../testdata/robokassa.
func mustFixture(t testing.TB, file string, fx *fixture) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "robokassa", file))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, fx); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

// respond returns a transport answering every request with status and body
// and recording the requests.
func respond(status int, contentType, body string) (http.RoundTripper, *[]*http.Request) {
	var reqs []*http.Request
	tr := httpmock.NewMockTransport()
	tr.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		reqs = append(reqs, req)
		r := httpmock.NewStringResponse(status, body)
		r.Header.Set("Content-Type", contentType)
		return r, nil
	})
	return tr, &reqs
}

func queryOf(t *testing.T, rawURL string) url.Values {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		t.Fatal(err)
	}
	return q
}
