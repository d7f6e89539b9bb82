package conformance

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/paykit/payments/providerkit"
)

var recordFlag = flag.Bool("record", false, "conformance: re-record fixtures against Harness.Live instead of replaying them")

// recorder is a transport that forwards to a live endpoint and keeps every
// exchange, scrubbed of secrets, card numbers and ScrubParams.
type recorder struct {
	next     http.RoundTripper
	secrets  []string
	scrubbed map[string]bool

	mu        sync.Mutex
	exchanges []Exchange
}

func newRecorder(next http.RoundTripper, secrets, params []string) *recorder {
	r := &recorder{next: next, scrubbed: map[string]bool{}}
	for _, s := range secrets {
		if s != "" {
			r.secrets = append(r.secrets, s)
		}
	}
	for _, p := range params {
		r.scrubbed[p] = true
	}
	return r
}

// RoundTrip implements http.RoundTripper.
func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	req, body, resp, respBody, err := roundTripWhole(r.next, req)
	if err != nil {
		return nil, err
	}
	rec := Exchange{
		Request: r.scrubRequest(requestFromHTTP(req, body)),
		Response: Response{
			Status: resp.StatusCode,
			Body:   r.scrubText(string(respBody)),
		},
	}
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		rec.Response.Header = http.Header{"Content-Type": {ct}}
	}
	r.mu.Lock()
	r.exchanges = append(r.exchanges, rec)
	r.mu.Unlock()
	return resp, nil
}

// defaultSource is the "source" of a recorded fixture when Harness.Source
// is empty.
const defaultSource = "recorded with -record"

func (r *recorder) fixture(scenario, source string) *Fixture {
	r.mu.Lock()
	defer r.mu.Unlock()
	if source == "" {
		source = defaultSource
	}
	return &Fixture{Scenario: scenario, Source: source, Exchanges: append([]Exchange(nil), r.exchanges...)}
}

// fixtureOrNil returns the recorded fixture with source as its "source"
// text, or nil when r is nil or the scenario made no request (a missing
// fixture means exactly that).
func (r *recorder) fixtureOrNil(scenario, source string) *Fixture {
	if r == nil {
		return nil
	}
	fx := r.fixture(scenario, source)
	if len(fx.Exchanges) == 0 {
		return nil
	}
	return fx
}

func (r *recorder) scrubText(s string) string {
	for _, secret := range r.secrets {
		s = strings.ReplaceAll(s, secret, Scrubbed)
	}
	return scrubCards(s)
}

// scrubValues scrubs parameters; derived also scrubs the values derived
// from others (signatures, JWS).
func (r *recorder) scrubValues(v url.Values, derived bool) url.Values {
	if v == nil {
		return nil
	}
	out := url.Values{}
	for k, vals := range v {
		for _, val := range vals {
			f := field{name: k, value: val}
			if r.scrubbed[k] || (derived && f.isSignature()) {
				val = Scrubbed
			} else {
				val = r.scrubText(val)
			}
			out[k] = append(out[k], val)
		}
	}
	return out
}

func (r *recorder) scrubJSON(v any, derived bool) any {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if r.scrubbed[k] || (derived && isSignatureName(k)) {
				x[k] = Scrubbed
			} else {
				x[k] = r.scrubJSON(val, derived)
			}
		}
		return x
	case []any:
		for i := range x {
			x[i] = r.scrubJSON(x[i], derived)
		}
		return x
	case string:
		if _, jws := jwsPayload(x); jws && derived {
			return Scrubbed
		}
		return r.scrubText(x)
	default:
		return v
	}
}

// sensitive reports whether req carries card data or a ScrubParams field:
// nothing derived from such a request may be kept.
func (r *recorder) sensitive(req Request) bool {
	if req.carriesCardData() {
		return true
	}
	for _, f := range req.fields() {
		if r.scrubbed[f.name] {
			return true
		}
		for _, p := range f.path {
			if r.scrubbed[p] {
				return true
			}
		}
	}
	return false
}

// scrubRequest removes secrets, card numbers and ScrubParams from req and,
// when req carries card data (or a ScrubParams field), everything derived
// from it: signature-like fields and JWS values become Scrubbed, and so
// does a body that is neither a form nor JSON. Replay matches a Scrubbed
// value against anything, so such requests still match strictly on their
// method, path and remaining fields without the signature.
func (r *recorder) scrubRequest(req Request) Request {
	derived := r.sensitive(req)
	req.Query = r.scrubValues(req.Query, derived)
	req.Form = r.scrubValues(req.Form, derived)
	if derived && req.Body != "" {
		req.Body = Scrubbed
	} else {
		req.Body = r.scrubText(req.Body)
	}
	if len(req.JSON) > 0 {
		var v any
		dec := json.NewDecoder(bytes.NewReader(req.JSON))
		dec.UseNumber()
		if dec.Decode(&v) == nil {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			if enc.Encode(r.scrubJSON(v, derived)) == nil {
				req.JSON = bytes.TrimSpace(buf.Bytes())
			}
		}
	}
	return req
}

// digitRun finds maximal runs of digits.
var digitRun = regexp.MustCompile(`[0-9]+`)

// looksLikePAN reports whether a maximal digit run looks like a card
// number: 13 to 19 digits, a major network's first digit (2 to 6) and a
// valid Luhn check digit.
func looksLikePAN(run string) bool {
	return len(run) >= 13 && len(run) <= 19 && run[0] >= '2' && run[0] <= '6' && providerkit.Luhn(run)
}

// scrubCards masks every digit run that looks like a card number as
// providers mask them ("411111******1111").
func scrubCards(s string) string {
	return digitRun.ReplaceAllStringFunc(s, func(run string) string {
		if looksLikePAN(run) {
			return providerkit.MaskPAN(run)
		}
		return run
	})
}

// roundTripWhole sends req through next with its body read whole first
// and reads the response body whole, handing both on as fresh readers, so
// that a transport can keep what was exchanged. It returns the request as
// sent, both bodies and the response.
func roundTripWhole(next http.RoundTripper, req *http.Request) (*http.Request, []byte, *http.Response, []byte, error) {
	var body []byte
	if req.Body != nil {
		var err error
		body, err = io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, nil, nil, nil, err
		}
		req = req.Clone(req.Context())
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	resp, err := next.RoundTrip(req)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	respBody, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, nil, nil, nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	return req, body, resp, respBody, nil
}
