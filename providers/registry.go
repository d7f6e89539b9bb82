package providers

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/paykit/payments"
	"github.com/paykit/payments/robokassa"
)

// Opener builds a provider from a Config. [Open] has already checked the
// options, read the Settings files and set cfg.Options.HTTPClient to the
// client to use (with a timeout). An Opener validates its section or
// Settings and returns a *ConfigError naming the field at fault, so that a
// missing secret fails at Open and not at the first payment.
type Opener func(ctx context.Context, cfg Config) (payments.Provider, error)

// registry holds the openers by name: the built-in providers from the
// start (no init function registers them), third-party ones once they call
// Register.
var registry = struct {
	sync.RWMutex
	m map[string]Opener
}{m: map[string]Opener{
	robokassa.Name: openRobokassa,
	clientsdkName:  openClientSDK,
	fakeName:       openFake,
}}

// Register makes a provider available by name to [Open], for third-party
// providers (called once from the program's setup, like database/sql
// drivers). Names are lower-case letters, digits, '-' and '_', starting
// with a letter. Register panics if the name is malformed, if opener is nil,
// or if the name is already registered: "robokassa", "clientsdk" and "fake"
// are built in.
//
// It returns a function that removes the registration, so that a test can
// register a provider for its own duration and again in the next test:
//
//	t.Cleanup(providers.Register("acme", openAcme))
func Register(name string, opener Opener) (unregister func()) {
	if !validName(name) {
		panic("providers: Register: malformed provider name " + strconv.Quote(name))
	}
	if opener == nil {
		panic("providers: Register: nil opener for " + name)
	}
	registry.Lock()
	defer registry.Unlock()
	if _, dup := registry.m[name]; dup {
		panic("providers: Register called twice for provider " + name)
	}
	registry.m[name] = opener
	var once sync.Once
	return func() {
		once.Do(func() {
			registry.Lock()
			defer registry.Unlock()
			delete(registry.m, name)
		})
	}
}

func validName(name string) bool {
	if name == "" || name[0] < 'a' || name[0] > 'z' {
		return false
	}
	return !strings.ContainsFunc(name, func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' && r != '_'
	})
}

// Names returns the registered provider names, sorted.
func Names() []string {
	registry.RLock()
	defer registry.RUnlock()
	names := make([]string, 0, len(registry.m))
	for n := range registry.m {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// lookup returns the opener of name, or a *ConfigError listing the
// registered names.
func lookup(name string) (Opener, error) {
	registry.RLock()
	opener, ok := registry.m[name]
	registry.RUnlock()
	if ok {
		return opener, nil
	}
	registered := strings.Join(Names(), ", ")
	if name == "" {
		return nil, &ConfigError{Field: "provider", Env: "PAYMENTS_PROVIDER", Reason: "is required; registered providers: " + registered}
	}
	return nil, &ConfigError{Field: "provider", Env: "PAYMENTS_PROVIDER", Reason: "names unknown provider " + quote(name) + "; registered providers: " + registered}
}

func quote(s string) string { return strconv.Quote(s) }
