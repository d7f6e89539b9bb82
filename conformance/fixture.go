package conformance

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"github.com/paykit/payments/providerkit"
)

// Scrubbed is the placeholder the recorder writes instead of a secret or a
// scrubbed field; on replay it matches any value.
const Scrubbed = "<scrubbed>"

// Fixture is one recorded scenario: the HTTP exchanges it made, in order.
type Fixture struct {
	// Scenario is the scenario's name.
	Scenario string `json:"scenario"`
	// Source says where the bodies come from (a live recording, the
	// provider's documentation, ...).
	Source string `json:"source,omitempty"`
	// Exchanges are the requests and responses, in order.
	Exchanges []Exchange `json:"exchanges"`
	// Webhooks are the deliveries the live side sent while the scenario's
	// payments were seeded (Harness.SeedWebhooks), such as the
	// notification of a paid recurring parent that carries its mandate.
	Webhooks []Delivery `json:"webhooks,omitempty"`
}

// Exchange is one request and its response.
type Exchange struct {
	// Request is what the provider must send.
	Request Request `json:"request"`
	// Response is what the replayer answers.
	Response Response `json:"response"`
}

// Request is a recorded request. Form and JSON bodies are kept parsed so
// that fixtures read well and match regardless of field order.
type Request struct {
	// Method is the HTTP method.
	Method string `json:"method"`
	// Path is the URL path (the host is not matched).
	Path string `json:"path"`
	// Query holds the URL query parameters.
	Query url.Values `json:"query,omitempty"`
	// Form holds a form-encoded body's fields.
	Form url.Values `json:"form,omitempty"`
	// JSON holds a JSON body.
	JSON json.RawMessage `json:"json,omitempty"`
	// Body holds any other body, exactly.
	Body string `json:"body,omitempty"`
}

// Response is a recorded response.
type Response struct {
	// Status is the HTTP status code.
	Status int `json:"status"`
	// Header holds the response headers that matter (Content-Type).
	Header http.Header `json:"header,omitempty"`
	// Body is the response body.
	Body string `json:"body"`
}

// LoadFixture reads dir/<scenario>.json. It returns nil and no error if the
// file does not exist.
func LoadFixture(dir, scenario string) (*Fixture, error) {
	data, err := os.ReadFile(filepath.Join(dir, scenario+".json"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	f, err := decodeFixture(data)
	if err != nil {
		return nil, fmt.Errorf("conformance: fixture %s: %w", scenario, err)
	}
	return f, nil
}

// decodeFixture decodes a fixture file, refusing unknown fields.
func decodeFixture(data []byte) (*Fixture, error) {
	var f Fixture
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, err
	}
	return &f, nil
}

// Save writes the fixture to dir/<scenario>.json, indented for review.
func (f *Fixture) Save(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, f.Scenario+".json"), buf.Bytes(), 0o644)
}

// requestFromHTTP converts a live request (whose body has been read into
// body) into its recorded form.
func requestFromHTTP(r *http.Request, body []byte) Request {
	rec := Request{Method: r.Method, Path: r.URL.Path}
	if q := r.URL.Query(); len(q) > 0 {
		rec.Query = q
	}
	if len(body) == 0 {
		return rec
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case ct == "application/x-www-form-urlencoded":
		if form, err := url.ParseQuery(string(body)); err == nil {
			rec.Form = form
			return rec
		}
	case strings.HasSuffix(ct, "json") && json.Valid(body):
		var buf bytes.Buffer
		if json.Compact(&buf, body) == nil {
			rec.JSON = buf.Bytes()
			return rec
		}
	}
	rec.Body = string(body)
	return rec
}

// match compares a live request with a recorded one and describes the
// first difference; "" means they match.
func (want Request) match(got Request) string {
	if want.Method != got.Method {
		return fmt.Sprintf("method %s, want %s", got.Method, want.Method)
	}
	if want.Path != got.Path {
		return fmt.Sprintf("path %s, want %s", got.Path, want.Path)
	}
	if d := matchValues("query", want.Query, got.Query); d != "" {
		return d
	}
	if d := matchValues("form field", want.Form, got.Form); d != "" {
		return d
	}
	if len(want.JSON) > 0 || len(got.JSON) > 0 {
		var w, g any
		if err := json.Unmarshal(want.JSON, &w); err != nil && len(want.JSON) > 0 {
			return "fixture JSON body: " + err.Error()
		}
		_ = json.Unmarshal(got.JSON, &g)
		if !jsonMatch(w, g) {
			return fmt.Sprintf("JSON body %s, want %s", got.JSON, want.JSON)
		}
	}
	if want.Body != got.Body && want.Body != Scrubbed {
		return fmt.Sprintf("body %q, want %q", got.Body, want.Body)
	}
	return ""
}

// matchValues compares parameter sets; a recorded Scrubbed value matches
// anything and a recorded masked card number matches the number it masks.
func matchValues(what string, want, got url.Values) string {
	keys := map[string]bool{}
	for k := range want {
		keys[k] = true
	}
	for k := range got {
		keys[k] = true
	}
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		w, g := want[k], got[k]
		if len(w) != len(g) {
			return fmt.Sprintf("%s %q = %q, want %q", what, k, redactCards(g), w)
		}
		for i := range w {
			if !valueMatch(w[i], g[i]) {
				return fmt.Sprintf("%s %q = %q, want %q", what, k, redactCards(g[i:i+1]), w[i])
			}
		}
	}
	return ""
}

func valueMatch(want, got string) bool {
	if want == got || want == Scrubbed {
		return true
	}
	return strings.Contains(want, "*") && len(got) >= 13 && providerkit.Luhn(got) && providerkit.MaskPAN(got) == want
}

func jsonMatch(want, got any) bool {
	switch w := want.(type) {
	case string:
		if w == Scrubbed {
			return true
		}
		g, ok := got.(string)
		return ok && valueMatch(w, g)
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok || !jsonMatch(wv, gv) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !jsonMatch(w[i], g[i]) {
				return false
			}
		}
		return true
	default:
		return reflect.DeepEqual(want, got)
	}
}

func redactCards(vals []string) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = digitRun.ReplaceAllStringFunc(v, func(run string) string {
			if len(run) >= 13 && len(run) <= 19 {
				return providerkit.MaskPAN(run)
			}
			return run
		})
	}
	return out
}
