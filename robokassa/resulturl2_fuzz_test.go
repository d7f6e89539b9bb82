package robokassa

import (
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/paykit/payments"
)

// FuzzResultURL2Body: the ResultUrl2 body parser and verifier never panic;
// what ResultURL2Token returns is a compact JWS; a body is either verified
// or refused with one of the two documented kinds, and VerifyWebhook
// refuses it the same way whatever route it takes. The seeds (the docs'
// sample of https://docs.robokassa.ru/pay-interface in every body form of
// TestResultURL2BodyForms, a form, garbage) run in go test.
func FuzzResultURL2Body(f *testing.F) {
	std := base64.StdEncoding.EncodeToString([]byte(docsToken))
	for _, s := range []string{
		docsToken, std, `"` + docsToken + `"`, `"` + std + `"`, "\n" + docsToken + "\n",
		base64.RawURLEncoding.EncodeToString([]byte(docsToken)), "a.b.c", "..", "a..c", ".b.c", "a.b.",
		"eyJ.eyJ.sig", "OutSum=10&InvId=19&SignatureValue=x", `"`, `""`, "=", "====", "\x00", "",
		resultURL2Header + ".e30.AAAA", resultURL2Header + ".bnVsbA.AAAA",
	} {
		f.Add([]byte(s))
	}
	a, _ := url2Keys(f)
	p := url2Provider(f, yearCert(f, a), url2Now)
	f.Fuzz(func(t *testing.T, body []byte) {
		tok, ok := ResultURL2Token(body)
		if ok != (tok != "") || (ok && !compactJWS([]byte(tok))) {
			t.Fatalf("ResultURL2Token(%q) = %q, %v", body, tok, ok)
		}
		n, err := p.VerifyResultURL2(body)
		if err == nil {
			if n == nil || n.Shop != goldenLogin {
				t.Fatalf("verified %+v", n)
			}
			return
		}
		if !errors.Is(err, payments.ErrInvalidSignature) && !errors.Is(err, payments.ErrInvalidRequest) {
			t.Fatalf("VerifyResultURL2: %v", err)
		}
		r := httptest.NewRequest(http.MethodPost, "/result2", strings.NewReader(string(body)))
		if _, err := p.VerifyWebhook(t.Context(), r); err == nil {
			t.Fatalf("VerifyWebhook accepted %q", body)
		}
	})
}
