package conformance

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// hs256 is a compact JWS over payload with a fixed key, as providers sign
// requests.
func hs256(payload string) string {
	hdr := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256"}`))
	body := base64.RawURLEncoding.EncodeToString([]byte(payload))
	m := hmac.New(sha256.New, []byte("merchant-secret"))
	m.Write([]byte(hdr + "." + body))
	return hdr + "." + body + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// formSig is an HMAC over a form's values, as the clientsdk and Robokassa
// signatures are.
func formSig(v url.Values) string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	m := hmac.New(sha256.New, []byte("merchant-secret"))
	for _, k := range keys {
		fmt.Fprintf(m, "%s=%s;", k, v.Get(k))
	}
	return hex.EncodeToString(m.Sum(nil))
}

// TestCardDerived checks the rule of issue 8 item 12 on single requests:
// a request with card data (even masked) keeps no signature-like value.
func TestCardDerived(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		req  Request
		want []string
	}{
		{"form: masked pan and a signature (the old init_card.json)",
			Request{Form: url.Values{"pan": {"411111******1111"}, "cvc": {Scrubbed}, "amount": {"10.00"}, "signature": {"Nz-Ktnk6x1Ri6IJpu7DHbHFpCQFc6sqIPL1T6qt9yeA"}}},
			[]string{"signature"}},
		{"form: scrubbed cvc only, and a SignatureValue",
			Request{Form: url.Values{"cvc": {Scrubbed}, "SignatureValue": {"abc"}}}, []string{"SignatureValue"}},
		{"query: to_card and an hmac", Request{Query: url.Values{"to_card": {"411111******1111"}, "hmac": {"00"}}}, []string{"hmac"}},
		{"form: card number in another field's text", Request{Form: url.Values{"note": {"card 4111111111111111"}, "sign": {"x"}}}, []string{"sign"}},
		{"form: a JWS beside the card", Request{Form: url.Values{"pan": {"411111******1111"}, "token": {hs256(`{"a":1}`)}}}, []string{"token"}},
		{"JSON: card object and a nested signature",
			Request{JSON: []byte(`{"card":{"number":"411111******1111","cvc":"<scrubbed>"},"meta":{"body_hash":"ab"}}`)}, []string{"meta.body_hash"}},
		{"body: a JWS whose payload holds the card", Request{Body: hs256(`{"pan":"4111111111111111"}`)}, []string{"body"}},
		{"body: opaque text with a masked card", Request{Body: "<pan>411111******1111</pan><mac>00</mac>"}, []string{"body"}},
		{"form: card and a scrubbed signature", Request{Form: url.Values{"pan": {"411111******1111"}, "signature": {Scrubbed}}}, nil},
		{"form: no card data, a signature", Request{Form: url.Values{"order": {"1"}, "signature": {"abc"}}}, nil},
		{"body: a JWS without card data", Request{Body: hs256(`{"OpKey":"x","RefundSum":4}`)}, nil},
		{"query: short digit runs only", Request{Query: url.Values{"order": {"1234567890123"}, "Signature": {"ab"}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := tt.req.cardDerived()
			sort.Strings(got)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("cardDerived (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFixturesKeepNothingDerivedFromCardData walks every fixture under the
// module's testdata: no request that carries card data (pan, card, cvc
// fields, even masked) may keep a signature-like value (issue 8 item 12).
func TestFixturesKeepNothingDerivedFromCardData(t *testing.T) {
	t.Parallel()
	seen := 0
	err := filepath.WalkDir(filepath.Join("..", "testdata"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if _, err := decodeFixture(data); err != nil {
			t.Errorf("%s is not a fixture: %v", path, err)
			return nil
		}
		seen++
		checkCardDerived(t, path, data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 10 {
		t.Errorf("walked %d fixtures; the testdata tree was not found", seen)
	}
}

// TestRecordScrubsWhatIsDerivedFromCards records card requests signed in
// every common way through the scrubbing recorder: the fixture keeps no
// signature, JWS or opaque body of a card request (but keeps the
// signature of a request without card data), and replay still matches
// strictly on method, path and the remaining fields.
func TestRecordScrubsWhatIsDerivedFromCards(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"status":"ok"}`)
	}))
	defer srv.Close()

	card := url.Values{"pan": {"4111111111111111"}, "cvc": {"987"}, "amount": {"10.00"}, "order": {"1"}}
	card.Set("signature", formSig(card))
	plain := url.Values{"order": {"1"}, "amount": {"10.00"}}
	plain.Set("signature", formSig(plain))
	jsonCard := `{"card":{"number":"4111111111111111","cvc":"987"},"amount":"10.00","sign":"` + hs256("x") + `"}`
	jwsCard := hs256(`{"pan":"4111111111111111","cvc":"987"}`)
	send := func(c *http.Client, base string, card, plain url.Values) error {
		for _, req := range []func() (*http.Response, error){
			func() (*http.Response, error) { return c.PostForm(base+"/init", card) },
			func() (*http.Response, error) { return c.PostForm(base+"/status", plain) },
			func() (*http.Response, error) {
				return c.Post(base+"/json", "application/json", strings.NewReader(jsonCard))
			},
			func() (*http.Response, error) {
				return c.Post(base+"/jws", "application/jwt", strings.NewReader(jwsCard))
			},
		} {
			resp, err := req()
			if err != nil {
				return err
			}
			resp.Body.Close()
		}
		return nil
	}

	rec := newRecorder(http.DefaultTransport, []string{"merchant-secret"}, []string{"cvc"})
	if err := send(&http.Client{Transport: rec}, srv.URL, card, plain); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := rec.fixture("cards", "").Save(dir); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "cards.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{card.Get("signature"), hs256("x"), jwsCard, "4111111111111111", `"987"`} {
		if strings.Contains(string(data), leak) {
			t.Errorf("fixture keeps %q:\n%s", leak, data)
		}
	}
	if !strings.Contains(string(data), plain.Get("signature")) {
		t.Errorf("the signature of a request without card data was scrubbed:\n%s", data)
	}
	checkCardDerived(t, "cards.json", data)

	fx, err := LoadFixture(dir, "cards")
	if err != nil {
		t.Fatal(err)
	}
	r := newReplayer("cards", fx)
	if err := send(&http.Client{Transport: r.Transport()}, "http://elsewhere.invalid", card, plain); err != nil {
		t.Fatalf("replay of the same requests: %v (%v)", err, r.finish())
	}
	if p := r.finish(); len(p) != 0 {
		t.Errorf("replay problems: %v", p)
	}

	// Strict on what remains: another amount, order or path does not match.
	for name, change := range map[string]func(v url.Values){
		"amount": func(v url.Values) { v.Set("amount", "10.01") },
		"order":  func(v url.Values) { v.Set("order", "2") },
		"extra":  func(v url.Values) { v.Set("x", "1") },
		"no sig": func(v url.Values) { v.Del("signature") },
	} {
		changed := url.Values{}
		for k, vs := range card {
			changed[k] = append([]string(nil), vs...)
		}
		change(changed)
		r := newReplayer("cards", fx)
		resp, err := (&http.Client{Transport: r.Transport()}).PostForm("http://elsewhere.invalid/init", changed)
		if err == nil {
			resp.Body.Close()
			t.Errorf("%s: a changed card request matched the fixture", name)
		}
	}
}
