package providers

import (
	"slices"
	"strings"
	"sync"

	"github.com/paykit/payments/clientsdk"
	"github.com/paykit/payments/internal/suggest"
	"github.com/paykit/payments/paymentstest"
	"github.com/paykit/payments/providerkit"
	"github.com/paykit/payments/robokassa"
	"github.com/paykit/payments/tbank"
)

// builtin are the providers this package offers without registration, one
// line each: everything else about them lives in their own packages.
func builtin() []providerkit.Registration {
	return []providerkit.Registration{
		robokassa.Registration(),
		clientsdk.Registration(),
		tbank.Registration(),
		paymentstest.Registration(),
	}
}

// registry holds the registrations by name, the built-in ones from the
// start (no init function registers them). Each name has a stack: the last
// registration of a name is the one in use, and removing it brings back
// the one before.
var registry = struct {
	sync.RWMutex
	m map[string][]*providerkit.Registration
}{m: builtinMap()}

func builtinMap() map[string][]*providerkit.Registration {
	m := map[string][]*providerkit.Registration{}
	for _, r := range builtin() {
		m[r.Name] = []*providerkit.Registration{&r}
	}
	return m
}

// Register makes a provider available by name to [Open], [FromEnv], JSON
// decoding and "payments help config", from its registration alone (see
// providerkit.Registration): a third-party provider needs no code in this
// package. Call it from the program's setup, before reading the
// configuration. Register panics if the registration is malformed (see
// providerkit.Registration.Check), a programming error.
//
// Registering a name that is already registered, "robokassa", "clientsdk"
// and "fake" included, does not panic: the new registration is used until
// the returned function removes it, which brings back the one before.
// So a test registers a provider for its own duration, as often as it
// runs:
//
//	t.Cleanup(providers.Register(acme.Registration()))
func Register(r providerkit.Registration) (unregister func()) {
	if err := r.Check(); err != nil {
		panic(err.Error())
	}
	p := &r
	registry.Lock()
	registry.m[r.Name] = append(registry.m[r.Name], p)
	registry.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			registry.Lock()
			defer registry.Unlock()
			stack := slices.DeleteFunc(registry.m[r.Name], func(q *providerkit.Registration) bool { return q == p })
			if len(stack) == 0 {
				delete(registry.m, r.Name)
			} else {
				registry.m[r.Name] = stack
			}
		})
	}
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

// Registrations returns the registrations in use, sorted by name: what
// "payments help config" prints.
func Registrations() []providerkit.Registration {
	registry.RLock()
	defer registry.RUnlock()
	regs := make([]providerkit.Registration, 0, len(registry.m))
	for _, stack := range registry.m {
		regs = append(regs, *stack[len(stack)-1])
	}
	slices.SortFunc(regs, func(a, b providerkit.Registration) int { return strings.Compare(a.Name, b.Name) })
	return regs
}

// registration returns the registration of name in use; name matches in
// any case ("Robokassa" is robokassa).
func registration(name string) (providerkit.Registration, bool) {
	registry.RLock()
	defer registry.RUnlock()
	stack := registry.m[normalName(name)]
	if len(stack) == 0 {
		return providerkit.Registration{}, false
	}
	return *stack[len(stack)-1], true
}

// lookup returns the registration of name, or a *ConfigError listing the
// registered names.
func lookup(name string) (providerkit.Registration, error) {
	if r, ok := registration(name); ok {
		return r, nil
	}
	registered := strings.Join(Names(), ", ")
	if name == "" {
		return providerkit.Registration{}, &ConfigError{Field: "provider", Env: "PAYMENTS_PROVIDER", Reason: "is required; registered providers: " + registered}
	}
	return providerkit.Registration{}, &ConfigError{Field: "provider", Env: "PAYMENTS_PROVIDER", Reason: "names unknown provider " + quote(name) + didYouMean(name, Names()) + "; registered providers: " + registered}
}

// normalName returns a provider name as registrations spell it: ASCII
// letters in lower case, so that "Robokassa" and "ROBOKASSA" name
// robokassa. [Open], [FromEnv] and JSON decoding accept a provider's name
// in any case this way; other characters are kept as they are (no Unicode
// case folding, under which the Kelvin sign would spell "k").
func normalName(name string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, name)
}

// didYouMean is " (did you mean X?)" for the candidate closest to word, or
// "".
func didYouMean(word string, candidates []string) string {
	c, ok := suggest.Closest(word, candidates)
	if !ok {
		return ""
	}
	return " (did you mean " + quote(c) + "?)"
}

// UnsafeFakeWarning is what [Open] logs (at Warn level, when
// Options.Logger is set) when it opens the fake with the public webhook
// secret, as the fake's unsafe_public_webhook_secret setting allows; it is
// paymentstest.UnsafeFakeWarning.
const UnsafeFakeWarning = paymentstest.UnsafeFakeWarning
