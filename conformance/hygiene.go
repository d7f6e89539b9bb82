package conformance

import (
	"encoding/base64"
	"encoding/hex"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// checkFixtureHygiene fails if any file under the fixture directory holds
// a configured secret or a card number in clear, or a request that carries
// card data together with a value derived from it (see checkCardDerived).
func checkFixtureHygiene(t testing.TB, h *Harness) {
	t.Helper()
	t.Log("rule: no fixture contains a configured secret, an unmasked card number, or a signature over card data")
	if _, err := os.Stat(h.FixtureDir); err != nil {
		t.Skipf("no fixture directory %s", h.FixtureDir)
	}
	err := filepath.WalkDir(h.FixtureDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		text := string(data)
		for _, s := range h.Secrets {
			if len(s) < 4 {
				continue
			}
			for _, enc := range secretEncodings {
				if enc.name != "" && len(s) < 8 {
					break // too short for its encodings to be told from chance
				}
				if strings.Contains(text, enc.encode(s)) {
					t.Errorf("%s contains a configured secret (%d characters long)%s", path, len(s), enc.name)
					break
				}
			}
		}
		for _, run := range digitRun.FindAllString(text, -1) {
			if looksLikePAN(run) {
				t.Errorf("%s contains a card number in clear (%s)", path, scrubCards(run))
			}
		}
		checkCardDerived(t, path, data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// secretEncodings are the forms in which a secret is looked for in a
// fixture: as it is, and as a provider may send it (Basic credentials in a
// field, a hex or base64 key, a percent-encoded query value), which the
// recorder does not recognise; list such fields in Harness.ScrubParams.
var secretEncodings = []struct {
	name   string
	encode func(string) string
}{
	{"", func(s string) string { return s }},
	{", base64-encoded", func(s string) string { return strings.TrimRight(base64.StdEncoding.EncodeToString([]byte(s)), "=") }},
	{", base64url-encoded", func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }},
	{", hex-encoded", func(s string) string { return hex.EncodeToString([]byte(s)) }},
	{", percent-encoded", url.QueryEscape},
}
