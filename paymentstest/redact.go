package paymentstest

import (
	"fmt"
	"io"
)

// The types that hold a secret (Options, HTTPConfig, Fake, HTTPProvider)
// print it redacted in every way: String and GoString, Format for every
// other verb (%d, %x, %t... would otherwise print the fields, secrets
// included), LogValue, and MarshalJSON for the configs.

// redact hides a secret, showing only whether it is set.
func redact(s string) string {
	if s == "" {
		return ""
	}
	return "REDACTED"
}

// format writes s for every verb: the redacted form, whatever the verb and
// flags.
func format(f fmt.State, s string) { _, _ = io.WriteString(f, s) }

// Format implements fmt.Formatter: every verb prints String.
func (o Options) Format(f fmt.State, _ rune) { format(f, o.String()) }

// Format implements fmt.Formatter: every verb prints String.
func (c HTTPConfig) Format(f fmt.State, _ rune) { format(f, c.String()) }

// Format implements fmt.Formatter: every verb prints String.
func (f *Fake) Format(s fmt.State, _ rune) { format(s, f.String()) }

// Format implements fmt.Formatter: every verb prints String.
func (p *HTTPProvider) Format(f fmt.State, _ rune) { format(f, p.String()) }
