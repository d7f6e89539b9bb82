package providers

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDocListsEveryVariable: the package documentation lists exactly the
// variables FromEnv reads for the built-in providers.
func TestDocListsEveryVariable(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	// The prefixes come from the registrations, so a new built-in provider
	// cannot go unlisted.
	prefixes := []string{"PAYMENTS"}
	for _, r := range builtin() {
		prefixes = append(prefixes, regexp.QuoteMeta(strings.ToUpper(r.Name)))
	}
	re := regexp.MustCompile(`(?m)^//\t((?:` + strings.Join(prefixes, "|") + `)_[A-Z0-9_<>]+)\s`)
	var listed []string
	for _, m := range re.FindAllStringSubmatch(string(doc), -1) {
		listed = append(listed, m[1])
	}
	var want []string
	for _, v := range CommonVars() {
		want = append(want, v.Name)
	}
	for _, r := range builtin() {
		for _, f := range r.Fields {
			want = append(want, f.Env)
			if f.Secret {
				want = append(want, f.FileEnv())
			}
		}
	}
	slices.Sort(listed)
	slices.Sort(want)
	if diff := cmp.Diff(want, listed); diff != "" {
		t.Errorf("variables in doc.go (-want +got):\n%s", diff)
	}
}

// TestDocJSONDecodes: the configuration file shown in the package
// documentation decodes.
func TestDocJSONDecodes(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(doc), "\n//\t{\n")
	block, _, ok := strings.Cut(rest, "\n//\t}\n")
	if !ok {
		t.Fatal("no JSON block in doc.go")
	}
	text := "{\n" + strings.ReplaceAll(block, "//\t", "") + "\n}"
	var c Config
	if err := json.Unmarshal([]byte(text), &c); err != nil {
		t.Fatalf("doc.go's JSON: %v\n%s", err, text)
	}
	if c.Provider != "robokassa" || c.Sections["robokassa"] == nil || c.Sections["clientsdk"] == nil || c.Options.Timeout.String() != "10s" {
		t.Errorf("doc.go's JSON decoded to %v", c)
	}
}
