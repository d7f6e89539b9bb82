package redacttest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// scanned are the package directories whose types are walked, relative to
// this one, with the package names they are imported under.
var scanned = map[string]string{
	"../..":              "payments",
	"../../robokassa":    "robokassa",
	"../../clientsdk":    "clientsdk",
	"../../sandbox":      "sandbox",
	"../../paymentstest": "paymentstest",
	"../../providers":    "providers",
	"../../providerkit":  "providerkit",
	"../../conformance":  "conformance",
	"../../tbank":        "tbank",
}

// secretName matches the names of fields that hold a secret: passwords,
// secrets, API keys, tokens, card numbers and CVCs.
var secretName = regexp.MustCompile(`(?i)secret|passw|token|key|^pan$|cvc|cvv|^number$`)

// secretTypes are the types whose every value is a secret, whatever the
// field holding one is called.
var secretTypes = map[string]bool{
	"payments.Secret":   true, // a password, key or token
	"providers.Section": true, // a provider's settings, secrets among them
}

// notSecret are fields whose names match secretName but that hold no
// secret, each with the reason.
var notSecret = map[string]string{
	"robokassa.InvoiceQuery.Keywords":   "search words of an invoice lookup",
	"sandbox.RobokassaPayment.OpKey":    "Robokassa's id of a payment's operation (OpStateExt's OpKey): it identifies, it does not authorise",
	"clientsdk.Param.Key":               "the name of a signed parameter",
	"providerkit.Field.Key":             "the JSON key that names a setting, not its value",
	"providers.CommonVar.Key":           "the JSON key that names a common setting (options.timeout), not its value",
	"payments.Claim.Key":                "an EventStore's de-dup key: the provider name and Event.ID, logged as event_id",
	"sandbox.TBankTerminal.TerminalKey": "T-Bank's public id of a terminal, sent in every request and notification; the Password signs",
	"tbank.Config.TerminalKey":          "T-Bank's public id of a terminal, sent in every request and notification; the Password signs",
	"sandbox.TBankAPI.TerminalKey":      "T-Bank's public id of a terminal, sent in every request and notification; the Password signs",
	"payments.Claim.Token":              "an EventStore claim's owner token: it tells one delivery's claim from another's, it authorises nothing outside the store",
}

// structType is one struct type found by the parser.
type structType struct {
	secret bool     // has a field whose name matches secretName
	refs   []string // the named types of its fields, "pkg.Name"
	fields []string // its secret fields, for messages
}

// discover parses the non-test files of the scanned packages and returns
// the exported struct types that hold a secret: those with a string-like
// field named like a secret, and those with a field of such a type
// (through pointers, slices, maps and unexported types), as "pkg.Name".
// It also returns the notSecret entries it met.
func discover(t *testing.T) (holders map[string][]string, used map[string]bool) {
	t.Helper()
	return discoverIn(t, scanned)
}

// discoverIn is discover over dirs, package directories with their names.
func discoverIn(t *testing.T, dirs map[string]string) (holders map[string][]string, used map[string]bool) {
	t.Helper()
	types := map[string]*structType{}
	used = map[string]bool{}
	for dir, pkg := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			imports := importNames(f)
			ast.Inspect(f, func(n ast.Node) bool {
				ts, ok := n.(*ast.TypeSpec)
				if !ok {
					return true
				}
				st, ok := ts.Type.(*ast.StructType)
				if !ok {
					return true
				}
				name := pkg + "." + ts.Name.Name
				s := &structType{}
				for _, fl := range st.Fields.List {
					ref := typeRef(fl.Type, pkg, imports)
					if ref != "" {
						s.refs = append(s.refs, ref)
					}
					for _, id := range fl.Names {
						field := name + "." + id.Name
						if notSecret[field] != "" {
							used[field] = true
						}
						if secretTypes[ref] || secretName.MatchString(id.Name) && stringLike(fl.Type) && notSecret[field] == "" && !strings.HasSuffix(id.Name, "File") {
							s.secret = true
							s.fields = append(s.fields, id.Name)
						}
					}
				}
				types[name] = s
				return false
			})
		}
	}
	// Holders: a fixpoint over the field references.
	for changed := true; changed; {
		changed = false
		for _, s := range types {
			if s.secret {
				continue
			}
			for _, r := range s.refs {
				if held := types[r]; held != nil && held.secret {
					s.secret, changed = true, true
					s.fields = append(s.fields, "(holds "+r+")")
					break
				}
			}
		}
	}
	holders = map[string][]string{}
	for name, s := range types {
		_, typ, _ := strings.Cut(name, ".")
		if s.secret && ast.IsExported(typ) {
			holders[name] = s.fields
		}
	}
	return holders, used
}

// importNames maps the names a file refers to its module imports by to the
// scanned package names.
func importNames(f *ast.File) map[string]string {
	m := map[string]string{}
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		last := path[strings.LastIndex(path, "/")+1:]
		if path == "github.com/paykit/payments" {
			last = "payments"
		}
		name := last
		if imp.Name != nil {
			name = imp.Name.Name
		}
		m[name] = last
	}
	return m
}

// typeRef returns the named type an expression refers to, through
// pointers, slices, arrays and map values, as "pkg.Name"; "" for others.
func typeRef(e ast.Expr, pkg string, imports map[string]string) string {
	switch x := e.(type) {
	case *ast.Ident:
		return pkg + "." + x.Name
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok && imports[id.Name] != "" {
			return imports[id.Name] + "." + x.Sel.Name
		}
	case *ast.StarExpr:
		return typeRef(x.X, pkg, imports)
	case *ast.ArrayType:
		return typeRef(x.Elt, pkg, imports)
	case *ast.MapType:
		return typeRef(x.Value, pkg, imports)
	}
	return ""
}

// stringLike reports whether a field of type e can hold secret text:
// string, []byte, []string or a map of strings.
func stringLike(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name == "string"
	case *ast.ArrayType:
		return stringLike(x.Elt) || isIdent(x.Elt, "byte")
	case *ast.MapType:
		return stringLike(x.Value)
	case *ast.StarExpr:
		return stringLike(x.X)
	}
	return false
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// TestDiscover: the scan finds a new secret field by its name, a type that
// holds one through an unexported field, a pointer, a slice or an
// unexported type, and leaves file paths and other fields alone.
func TestDiscover(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := `package shop

type Config struct {
	Login      string
	APIToken   string
	SecretFile string
}

type Client struct{ cfg *Config }

type Pool struct{ inner []inner }

type inner struct{ c Config }

type Order struct {
	ID       string
	Amount   int
	NotesKey int // not text
}
`
	if err := os.WriteFile(filepath.Join(dir, "shop.go"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	got, _ := discoverIn(t, map[string]string{dir: "shop"})
	want := map[string][]string{
		"shop.Config": {"APIToken"},
		"shop.Client": {"(holds shop.Config)"},
		"shop.Pool":   {"(holds shop.inner)"},
	}
	if len(got) != len(want) {
		t.Errorf("discovered %v, want %v", got, want)
	}
	for name, fields := range want {
		if strings.Join(got[name], ",") != strings.Join(fields, ",") {
			t.Errorf("%s: %v, want %v", name, got[name], fields)
		}
	}
}
