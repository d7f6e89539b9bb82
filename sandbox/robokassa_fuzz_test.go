package sandbox

import (
	"crypto/md5"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/paykit/payments/robokassa"
	"github.com/shopspring/decimal"
)

// rkGoldenQuery is the golden-shop worked example link (base string of
// https://docs.robokassa.ru/script-parameters/) for the sandbox's default shop: base "sandbox-shop:10.00:19:sandbox-pass1:Shp_order=42".
var rkGoldenQuery = "MerchantLogin=sandbox-shop&OutSum=10.00&InvId=19&Description=Shp+one&Culture=ru&Shp_order=42&SignatureValue=" +
	robokassa.MD5.Sign("sandbox-shop:10.00:19:sandbox-pass1:Shp_order=42")

func newFuzzSandbox(tb testing.TB) *Server {
	s, err := New(Options{})
	if err != nil {
		tb.Fatal(err)
	}
	s.SetBaseURL("http://sandbox.test")
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

func serve(s *Server, method, path, rawQuery, contentType, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.URL.RawQuery = rawQuery
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, req)
	return w
}

// The payment page parses any query or form without panicking and shows
// the page only for a correctly signed request.
func FuzzRobokassaIndex(f *testing.F) {
	for _, seed := range []string{rkGoldenQuery, "", "OutSum=1", "MerchantLogin=sandbox-shop&OutSum=1&SignatureValue=00",
		strings.Replace(rkGoldenQuery, "10.00", "10.01", 1), "MerchantLogin=sandbox-shop&OutSum=42.42&SignatureValue=" + strings.Repeat("A", 32),
		"%zz", "Shp_a=1&shp_A=2&" + rkGoldenQuery} {
		f.Add(seed, false)
	}
	s := newFuzzSandbox(f)
	f.Fuzz(func(t *testing.T, q string, post bool) {
		var w *httptest.ResponseRecorder
		if post {
			w = serve(s, http.MethodPost, "/Merchant/Index.aspx", "", "application/x-www-form-urlencoded", q)
		} else {
			w = serve(s, http.MethodGet, "/Merchant/Index.aspx", q, "", "")
		}
		if w.Code != http.StatusOK && w.Code != http.StatusServiceUnavailable {
			t.Fatalf("status %d", w.Code)
		}
		if !strings.Contains(w.Body.String(), `id="pay"`) {
			return
		}
		form, err := url.ParseQuery(q)
		if err != nil {
			t.Fatalf("page shown for a malformed query %q", q)
		}
		l, e := s.rk.parseLink(form)
		if e != nil || s.rk.checkLinkSignature(form, l) != nil {
			t.Fatalf("page shown for an invalid request %q", q)
		}
	})
}

// The Refund and Invoice APIs read any body without panicking.
func FuzzRobokassaJWT(f *testing.F) {
	s := newFuzzSandbox(f)
	cfg := s.RobokassaConfig()
	cfg.AuthURL, cfg.ServicesURL = "http://sandbox.test", "http://sandbox.test"
	p, err := robokassa.New(cfg)
	if err != nil {
		f.Fatal(err)
	}
	refund, _ := p.RefundToken(robokassa.RefundCreate{OpKey: s.rk.opKey(1), Sum: decimal.RequireFromString("1.5")})
	invoice, _ := p.InvoiceToken(map[string]any{"MerchantLogin": "sandbox-shop", "InvoiceType": "OneTime", "OutSum": 1, "Description": "x"})
	quoted, _ := json.Marshal(invoice)
	for _, seed := range []string{refund, invoice, string(quoted), "", "a.b.c", `"`, `"x"`, "eyJ.eyJ.x", refund + "x"} {
		f.Add(seed, false)
		f.Add(seed, true)
	}
	f.Fuzz(func(t *testing.T, body string, inv bool) {
		path := "/RefundService/Refund/Create"
		if inv {
			path = "/InvoiceServiceWebApi/api/CreateInvoice"
		}
		w := serve(s, http.MethodPost, path, "", "application/jwt", body)
		if !slices.Contains([]int{200, 400, 401, 500, 503}, w.Code) {
			t.Fatalf("status %d", w.Code)
		}
		if w.Code == http.StatusOK && !json.Valid(w.Body.Bytes()) {
			t.Fatalf("200 with a body that is not JSON: %q", w.Body.String())
		}
	})
}

// OpStateExt answers any query with XML that has a Result code.
func FuzzRobokassaOpState(f *testing.F) {
	s := newFuzzSandbox(f)
	for _, seed := range []string{"", "MerchantLogin=sandbox-shop&InvoiceID=1&Signature=" + robokassa.MD5.Sign("sandbox-shop:1:sandbox-pass2"),
		"MerchantLogin=sandbox-shop&InvoiceID=x", "%", "InvoiceID=1&InvoiceID=2"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, q string) {
		w := serve(s, http.MethodGet, "/Merchant/WebService/Service.asmx/OpStateExt", q, "", "")
		var x struct {
			Code *int `xml:"Result>Code"`
		}
		if w.Code != http.StatusOK || xml.Unmarshal(w.Body.Bytes(), &x) != nil || x.Code == nil {
			t.Fatalf("%d %q", w.Code, w.Body.String())
		}
	})
}

// OutSum parsing accepts only plain positive amounts in kopecks.
func FuzzRobokassaOutSum(f *testing.F) {
	for _, seed := range []string{"10.00", "10", "0.01", "1E+6", "-1", "10,00", ".5", "5.", "00010.10", "10.001", " 1"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := rkParseOutSum(s)
		if !ok {
			return
		}
		if !d.IsPositive() || !d.Equal(d.Truncate(2)) || strings.ContainsAny(s, "eE+-, ") {
			t.Fatalf("accepted %q as %s", s, d)
		}
		if back, _ := decimal.NewFromString(d.StringFixed(2)); !back.Equal(d) {
			t.Fatalf("%q does not round-trip", s)
		}
	})
}

func BenchmarkRobokassaLinkCheck(b *testing.B) {
	s := newFuzzSandbox(b)
	form, _ := url.ParseQuery(rkGoldenQuery)
	b.ReportAllocs()
	for b.Loop() {
		l, e := s.rk.parseLink(form)
		if e != nil || s.rk.checkLinkSignature(form, l) != nil {
			b.Fatal("golden link refused")
		}
	}
}

// BenchmarkRobokassaLinkCheckMD5Floor is the hash the check cannot avoid.
func BenchmarkRobokassaLinkCheckMD5Floor(b *testing.B) {
	base := []byte("sandbox-shop:10.00:19:sandbox-pass1:Shp_order=42")
	b.ReportAllocs()
	for b.Loop() {
		_ = md5.Sum(base)
	}
}
