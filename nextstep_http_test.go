package payments_test

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
)

// nextStepPageRE is the whole page Render writes for a form, strictly: a
// value that broke out of its quotes or opened a tag would not match.
var (
	nextStepPageRE = regexp.MustCompile(`^<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Continue to payment</title></head>
<body>
<form id="payments-next-step" method="post" action="([^"<>]*)" accept-charset="UTF-8">
((?:<input type="hidden" name="[^"<>]*" value="[^"<>]*">
)*)<noscript><button id="continue" type="submit">Continue to payment</button></noscript>
</form>
<script>([^<]*)</script>
</body></html>
$`)
	hiddenInputRE   = regexp.MustCompile(`<input type="hidden" name="([^"<>]*)" value="([^"<>]*)">`)
	inlineHandlerRE = regexp.MustCompile(`(?i)<[^>]*\son[a-z]+\s*=`)
)

// posted returns the action of the page's form and the fields a browser
// posts from it, without a browser: the HTML tokenizer turns CR LF and CR
// into LF and decodes character references in attribute values
// (https://html.spec.whatwg.org/multipage/parsing.html#preprocessing-the-input-stream),
// and form submission turns every line break into CR LF
// (https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#converting-an-entry-list-to-a-list-of-name-value-pairs).
// It fails the test unless the page has exactly the expected shape, and
// returns the script, whose hash the CSP must allow.
func posted(t *testing.T, body string) (action string, fields []payments.Field, script string) {
	t.Helper()
	m := nextStepPageRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the page is not one form of hidden inputs and one script:\n%s", body)
	}
	attr := func(s string) string {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
		s = html.UnescapeString(s)
		return strings.ReplaceAll(s, "\n", "\r\n")
	}
	for _, in := range hiddenInputRE.FindAllStringSubmatch(m[2], -1) {
		fields = append(fields, payments.Field{Name: attr(in[1]), Value: attr(in[2])})
	}
	return attr(m[1]), fields, m[3]
}

func TestNextStepRenderPostForm(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		url    string
		fields []payments.Field
	}{
		{"robokassa form", "https://auth.robokassa.ru/Merchant/Index.aspx", []payments.Field{
			{Name: "MerchantLogin", Value: "demo"}, {Name: "OutSum", Value: "11.00"}, {Name: "InvId", Value: "0"},
			{Name: "Description", Value: "Покупка в магазине"}, {Name: "SignatureValue", Value: "2c113e992e2c985e43e3f7b8a5e5b2c9"},
			{Name: "Receipt", Value: `%7B%22items%22%3A%5B%7B%22name%22%3A%22Tea%22%7D%5D%7D`},
		}},
		{"no fields", "https://pay.example/go", nil},
		{"quotes", "https://pay.example/go", []payments.Field{{Name: `a"b'c`, Value: `"'"><input name="x" value="y`}}},
		{"script end", "https://pay.example/go", []payments.Field{{Name: "</script>", Value: `</script><script>alert(1)</script>`}}},
		{"angle brackets and ampersands", "https://pay.example/go", []payments.Field{
			{Name: "<b>", Value: "a < b && c > d"}, {Name: "&amp;", Value: "&lt;&#34;&quot;&"},
		}},
		{"unicode", "https://pay.example/go", []payments.Field{
			{Name: "Ключ ✓", Value: "Значение 😀 \u2028\u2029\u00a0\u200b\ufeff"},
		}},
		{"CR LF kept", "https://pay.example/3ds", []payments.Field{{Name: "PaReq", Value: "eJxVUdtu\r\ngjAYvt\r\n"}}},
		{"empty value and spaces", "https://pay.example/go", []payments.Field{{Name: "empty", Value: ""}, {Name: " n ", Value: "  v  "}}},
		{"names a script could confuse", "https://pay.example/go", []payments.Field{
			{Name: "submit", Value: "1"}, {Name: "action", Value: "javascript:alert(1)"}, {Name: "method", Value: "get"}, {Name: "id", Value: "x"},
		}},
		{"repeated names in order", "https://pay.example/go", []payments.Field{{Name: "a", Value: "2"}, {Name: "a", Value: "1"}}},
		{"hostile query in the action", `https://pay.example/3ds?x="><script>alert(1)</script>&y='`, []payments.Field{{Name: "MD", Value: "1"}}},
		{"http, upper-case scheme, port", "HTTP://localhost:8080/pay", []payments.Field{{Name: "MD", Value: "1"}}},
		{"IP addresses", "http://[::1]:8080/pay?a=1", []payments.Field{{Name: "MD", Value: "1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := httptest.NewRecorder()
			step := payments.NextStep{Kind: payments.NextPostForm, URL: tt.url, Fields: tt.fields}
			if err := step.Render(rec, httptest.NewRequest(http.MethodPost, "/checkout", nil)); err != nil {
				t.Fatal(err)
			}
			if rec.Code != http.StatusOK {
				t.Errorf("status %d, want 200", rec.Code)
			}
			action, fields, script := posted(t, rec.Body.String())
			if diff := cmp.Diff(tt.fields, fields); diff != "" {
				t.Errorf("posted fields (-want +got):\n%s", diff)
			}
			sameURL(t, tt.url, action)
			sum := sha256.Sum256([]byte(script))
			wantHeader := http.Header{
				"Content-Type":            {"text/html; charset=utf-8"},
				"Cache-Control":           {"no-store"},
				"X-Content-Type-Options":  {"nosniff"},
				"Content-Security-Policy": {"default-src 'none'; script-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; base-uri 'none'"},
			}
			if diff := cmp.Diff(wantHeader, rec.Header()); diff != "" {
				t.Errorf("headers (-want +got):\n%s", diff)
			}
			if inlineHandlerRE.MatchString(rec.Body.String()) {
				t.Errorf("the page has an inline handler attribute:\n%s", rec.Body)
			}
		})
	}
}

// sameURL checks that a browser posting to the form's action reaches the
// step's URL: html/template may percent-encode characters, but the
// decoded scheme, host, path and query are the same.
func sameURL(t *testing.T, want, got string) {
	t.Helper()
	w, err := url.Parse(want)
	if err != nil {
		t.Fatal(err)
	}
	g, err := url.Parse(got)
	if err != nil {
		t.Fatalf("the action %q does not parse: %v", got, err)
	}
	type parts struct {
		Scheme, Host, Path string
		Query              url.Values
	}
	wq, _ := url.ParseQuery(w.RawQuery)
	gq, _ := url.ParseQuery(g.RawQuery)
	if diff := cmp.Diff(parts{w.Scheme, w.Host, w.Path, wq}, parts{g.Scheme, g.Host, g.Path, gq}); diff != "" {
		t.Errorf("the form posts to %q, not %q (-want +got):\n%s", got, want, diff)
	}
}

func TestNextStepRenderRedirect(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, url, wantLocation string
	}{
		{"robokassa link", "https://auth.robokassa.ru/Merchant/Index.aspx?MerchantLogin=demo&OutSum=11.00&SignatureValue=2c11", "https://auth.robokassa.ru/Merchant/Index.aspx?MerchantLogin=demo&OutSum=11.00&SignatureValue=2c11"},
		{"hostile query kept as a header", `https://pay.example/?x="><script>alert(1)</script>`, `https://pay.example/?x="><script>alert(1)</script>`},
		{"non-ASCII escaped", "https://pay.example/заказ?d=чай", "https://pay.example/%D0%B7%D0%B0%D0%BA%D0%B0%D0%B7?d=%D1%87%D0%B0%D0%B9"},
		{"fields ignored", "http://localhost:8080/pay/1", "http://localhost:8080/pay/1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := httptest.NewRecorder()
			step := payments.NextStep{Kind: payments.NextRedirect, URL: tt.url, Fields: []payments.Field{{Name: "x", Value: "y"}}}
			if err := step.Render(rec, nil); err != nil {
				t.Fatal(err)
			}
			want := http.Header{"Location": {tt.wantLocation}, "Cache-Control": {"no-store"}}
			if diff := cmp.Diff(want, rec.Header()); diff != "" {
				t.Errorf("headers (-want +got):\n%s", diff)
			}
			if rec.Code != http.StatusSeeOther || rec.Body.Len() != 0 {
				t.Errorf("status %d, body %q; want 303 and no body", rec.Code, rec.Body)
			}
		})
	}
}

// TestNextStepRenderRefuses checks that a step a browser must not follow,
// or could not post as given, is refused before anything is written, with
// an error that does not show field values.
func TestNextStepRenderRefuses(t *testing.T) {
	t.Parallel()
	const secret = "tok-3f9a"
	ok := "https://pay.example/go"
	form := func(u string, f ...payments.Field) payments.NextStep {
		return payments.NextStep{Kind: payments.NextPostForm, URL: u, Fields: f}
	}
	type test struct {
		name string
		step payments.NextStep
		want string // in the message
	}
	tests := []test{
		{"unknown kind", payments.NextStep{Kind: "popup", URL: ok}, `unknown kind "popup"`},
		{"empty name", form(ok, payments.Field{Name: "", Value: secret}), "field 1 (\"\"): empty name"},
		{"_charset_", form(ok, payments.Field{Name: "a"}, payments.Field{Name: "_Charset_", Value: secret}), `field 2 ("_Charset_"): browsers replace`},
		{"LF in a value", form(ok, payments.Field{Name: "PaReq", Value: secret + "\n"}), `field 1 ("PaReq"): holds a line break other than CR LF`},
		{"CR in a value", form(ok, payments.Field{Name: "PaReq", Value: secret + "\r"}), "line break other than CR LF"},
		{"LF CR in a value", form(ok, payments.Field{Name: "PaReq", Value: secret + "\n\r"}), "line break other than CR LF"},
		{"LF in a name", form(ok, payments.Field{Name: "a\nb", Value: secret}), "line break other than CR LF"},
		{"NUL in a value", form(ok, payments.Field{Name: "MD", Value: secret + "\x00"}), "holds a NUL byte"},
		{"not UTF-8", form(ok, payments.Field{Name: "MD", Value: secret + "\xff"}), "not UTF-8"},
		{"name not UTF-8", form(ok, payments.Field{Name: "M\xffD", Value: secret}), "field 1 (\"M\uFFFDD\"): not UTF-8"},
	}
	for _, u := range []string{
		"javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
		"data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "ftp://pay.example/", "mailto:a@pay.example",
		"//evil.example/pay", "/relative", "pay.example/go", "", "https://", "https:///path", "https:pay.example/go",
		"https://user:pass@evil.example/", "https://pay.example@evil.example/", "https://pay.example/\r\nX-Evil: 1", "http://[::1", `http://"/`, "https://оплата.рф/", "https://a b/",
	} {
		for _, kind := range []payments.NextStepKind{payments.NextRedirect, payments.NextPostForm} {
			tests = append(tests, test{string(kind) + " to " + u, payments.NextStep{Kind: kind, URL: u}, "next step: URL"})
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := httptest.NewRecorder()
			err := tt.step.Render(rec, nil)
			if !errors.Is(err, payments.ErrInvalidRequest) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Render = %v, want ErrInvalidRequest saying %q", err, tt.want)
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("the error shows a field value: %v", err)
			}
			if len(rec.Header()) != 0 || rec.Body.Len() != 0 || rec.Code != http.StatusOK {
				t.Errorf("Render wrote %d %v %q before refusing", rec.Code, rec.Header(), rec.Body)
			}
		})
	}
}

func TestNextStepRenderNone(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	err := payments.NextStep{}.Render(rec, nil)
	if !errors.Is(err, payments.ErrNoNextStep) || errors.Is(err, payments.ErrInvalidRequest) {
		t.Fatalf("Render of NextNone = %v, want ErrNoNextStep", err)
	}
	if len(rec.Header()) != 0 || rec.Body.Len() != 0 {
		t.Errorf("Render of NextNone wrote %v %q", rec.Header(), rec.Body)
	}
}

// FuzzNextStepRender renders steps with a provider's URL and one field as
// a provider may return them: what Render accepts, a browser posts exactly
// (or follows to the same URL), and what it refuses wraps
// ErrInvalidRequest with nothing written.
func FuzzNextStepRender(f *testing.F) {
	for _, u := range []string{"https://pay.example/go", `https://pay.example/?x="><script>`, "javascript:alert(1)", "https://pay.example/заказ", "//evil.example", "HTTP://h:1/p?a=1&b=2#f"} {
		for _, v := range []string{"", `"'<>&`, "</script>", "a\r\nb", "a\nb", "\x00", "\xff", "Ключ 😀"} {
			f.Add(u, "Name", v, false)
			f.Add(u, v, "value", true)
		}
	}
	f.Fuzz(func(t *testing.T, u, name, value string, redirect bool) {
		step := payments.NextStep{Kind: payments.NextPostForm, URL: u, Fields: []payments.Field{{Name: name, Value: value}}}
		if redirect {
			step.Kind = payments.NextRedirect
		}
		rec := httptest.NewRecorder()
		if err := step.Render(rec, nil); err != nil {
			if !errors.Is(err, payments.ErrInvalidRequest) {
				t.Fatalf("Render = %v, want ErrInvalidRequest", err)
			}
			if len(rec.Header()) != 0 || rec.Body.Len() != 0 {
				t.Fatalf("Render wrote %v %q before refusing", rec.Header(), rec.Body)
			}
			return
		}
		if redirect {
			loc, err := url.Parse(rec.Header().Get("Location"))
			if err != nil || (loc.Scheme != "http" && loc.Scheme != "https") || loc.Host == "" {
				t.Fatalf("redirect to %q (%v)", rec.Header().Get("Location"), err)
			}
			sameURL(t, u, loc.String())
			return
		}
		action, fields, _ := posted(t, rec.Body.String())
		if diff := cmp.Diff(step.Fields, fields); diff != "" {
			t.Errorf("posted fields (-want +got):\n%s", diff)
		}
		sameURL(t, u, action)
	})
}
