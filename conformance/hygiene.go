package conformance

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// checkFixtureHygiene fails if any file under the fixture directory holds
// a configured secret or a card number in clear, or a request that carries
// card data together with a value derived from it (see checkCardDerived).
func checkFixtureHygiene(t *testing.T, h *Harness) {
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
			if len(s) >= 4 && strings.Contains(text, s) {
				t.Errorf("%s contains a configured secret (%d characters long)", path, len(s))
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
