package paymentstest

import (
	"fmt"
	"io"
)

// Options and HTTPConfig hold their secrets as payments.Secret values and
// need no printing code. Fake and HTTPProvider keep theirs in unexported
// fields, which fmt prints by reflection without calling the secrets'
// methods, so they print through String for every verb (%d, %x, %t...
// would otherwise print the fields, secrets included).

// format writes s for every verb: the redacted form, whatever the verb and
// flags.
func format(f fmt.State, s string) { _, _ = io.WriteString(f, s) }

// Format implements fmt.Formatter: every verb prints String.
func (f *Fake) Format(s fmt.State, _ rune) { format(s, f.String()) }

// Format implements fmt.Formatter: every verb prints String.
func (p *HTTPProvider) Format(f fmt.State, _ rune) { format(f, p.String()) }
