package providers

import (
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The golden Robokassa shop: a made-up shop (golden-shop, passwords
// Pass1_golden8, Pass2_golden8, Pass3_golden8) whose signatures are computed
// with Robokassa's documented rules, not published vectors.
const (
	goldenLogin = "golden-shop"
	goldenPass1 = "Pass1_golden8"
	goldenPass2 = "Pass2_golden8"
	goldenPass3 = "Pass3_golden8"
	goldenTest1 = "Test1_golden8"
	goldenTest2 = "Test2_golden8"
)

// The public test credentials of both clientsdk SDKs (merchant 13/15,
// product 15, secret aa21444f3f71 in the examples of
// github.com/Space-Around/client-payment-sdk-python and
// github.com/creater777/sbank tests/_fixtures/config.php).
const (
	sdkMerchant = "13"
	sdkProduct  = "15"
	sdkSecret   = "aa21444f3f71"
)

// allSecrets are the secrets the tests configure, none of which may ever
// print.
var allSecrets = []string{goldenPass1, goldenPass2, goldenPass3, goldenTest1, goldenTest2, sdkSecret, "fake-hook-secret-42", "third-party-token-7"}

// envMap is a getenv over a map.
func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// writeSecret writes content to a new file in a temporary directory and
// returns its path.
func writeSecret(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// params returns a request's query, or its form body.
func params(t *testing.T, req *http.Request) url.Values {
	t.Helper()
	if req.Method == http.MethodGet {
		return req.URL.Query()
	}
	b, err := io.ReadAll(req.Body)
	if err != nil {
		t.Fatal(err)
	}
	v, err := url.ParseQuery(string(b))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// containsAny reports the first secret found in s.
func containsAny(s string, secrets []string) (string, bool) {
	for _, sec := range secrets {
		if strings.Contains(s, sec) {
			return sec, true
		}
	}
	return "", false
}
