package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// FuzzTBankRequest feeds arbitrary bodies to the T-Bank request parser
// and to every API method: nothing panics, a parsed body never keeps
// Token among the signed scalars, its Token is deterministic, and every
// answer is HTTP 200 JSON with a Success field (or a trigger's 5xx).
func FuzzTBankRequest(f *testing.F) {
	for _, seed := range []string{
		tbFixtureInit + `,"Token":"ffcc017b1b8f99df16f3642dbaa10c969a34708057632afc9aa35ad1f1fefbe2"}`,
		`{"TerminalKey":"1700000000000DEMO","PaymentId":"7003551234","Token":"7bb2256df69c2f7b1a760314c9baef3965cc7ffda336a77ced9f013b9cf4b08b"}`,
		`{"TerminalKey":"1700000000000DEMO","OrderId":"order-42","Token":"48708f9ac5fef288313f5e2e119c559331a6dbf66bf63879d07b76bbee46bf60"}`,
		`{"TerminalKey":"1700000000000DEMO","PaymentId":"7003551299","RebillId":"1741204285536","Token":"3d1b3125acf71abec3eaa11ddb04fb7f2ac2742d96c374ce95993d78782db84e"}`,
		`{"Success":true,"Amount":1e400,"x":null,"y":[1,{"z":2}],"Token":null}`,
		`{"Amount":"0001","Amount":2}`,
		`{}`, `[]`, `null`, `"s"`, `{"a":1}{"b":2}`, `{"a":`, "", "\xff",
	} {
		f.Add([]byte(seed))
	}
	sb, err := New(Options{Retries: 1})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = sb.Close() })
	h := sb.Handler()
	var mu sync.Mutex
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := parseTBRequest(body)
		if err == nil {
			if _, ok := req.scalars["Token"]; ok {
				t.Fatal("Token kept among the signed scalars")
			}
			if a, b := tbToken(req.scalars, "pw"), tbToken(req.scalars, "pw"); a != b || len(a) != 64 {
				t.Fatalf("Token not deterministic or not 64 hex: %q %q", a, b)
			}
		}
		mu.Lock()
		defer mu.Unlock()
		for _, m := range []string{"Init", "GetState", "CheckOrder", "Confirm", "Cancel", "Charge", "GetQr", "SbpPayTest"} {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, TBankAPIPath+"/"+m, bytes.NewReader(body)))
			if rec.Code >= 500 && rec.Code != http.StatusServiceUnavailable && rec.Code != http.StatusInternalServerError {
				t.Fatalf("%s: HTTP %d", m, rec.Code)
			}
			var answer map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &answer); err != nil {
				t.Fatalf("%s: answer is not JSON: %q", m, rec.Body.String())
			}
			if _, ok := answer["Success"]; !ok || strings.Contains(rec.Body.String(), TBankPassword) {
				t.Fatalf("%s: answer %s has no Success or shows the password", m, rec.Body.String())
			}
		}
	})
}
