package robokassa

import (
	"encoding/json"
	"fmt"
	"strings"
)

// An Invoice's Token is a saved card, as a Link's is (linkredact.go): it is
// signed into the Invoice API's JWT but never printed, logged or
// marshalled. Every fmt verb, slog handler (through fmt or encoding/json)
// and json.Marshal show "[redacted]" in its place and every other field as
// it is.

// invoiceFields is Invoice without methods, for printing its redacted copy.
type invoiceFields Invoice

// redacted returns inv's fields with the token redacted.
func (inv Invoice) redacted() invoiceFields {
	f := invoiceFields(inv)
	f.Token = redacted(f.Token)
	return f
}

// Format implements fmt.Formatter: every verb, with its flags, prints the
// invoice as Go would print it, but for the token, which is redacted.
func (inv Invoice) Format(f fmt.State, verb rune) {
	s := fmt.Sprintf(fmt.FormatString(f, verb), inv.redacted())
	if verb == 'v' && f.Flag('#') {
		s = strings.Replace(s, "robokassa.invoiceFields", "robokassa.Invoice", 1)
	}
	_, _ = fmt.Fprint(f, s)
}

// MarshalJSON implements json.Marshaler: the invoice's fields, as
// encoding/json writes them, with the token redacted. The output is for
// logs; decoded, its Token is "[redacted]".
func (inv Invoice) MarshalJSON() ([]byte, error) { return json.Marshal(inv.redacted()) }
