package robokassa

import (
	"encoding/json"
	"fmt"
	"strings"
)

// A Link's Token is a saved card: whoever holds it can charge the card
// through the shop. It is signed and sent to Robokassa but never printed,
// logged or marshalled: every fmt verb, slog handler (through fmt or
// encoding/json) and json.Marshal show "[redacted]" in its place and every
// other field as it is.

// linkFields is Link without methods, for printing its redacted copy.
type linkFields Link

// redacted returns l's fields with the token redacted.
func (l Link) redacted() linkFields {
	f := linkFields(l)
	f.Token = redacted(f.Token)
	return f
}

// Format implements fmt.Formatter: every verb, with its flags, prints the
// link as Go would print it, but for the token, which is redacted.
func (l Link) Format(f fmt.State, verb rune) {
	s := fmt.Sprintf(fmt.FormatString(f, verb), l.redacted())
	if verb == 'v' && f.Flag('#') {
		s = strings.Replace(s, "robokassa.linkFields", "robokassa.Link", 1)
	}
	_, _ = fmt.Fprint(f, s)
}

// MarshalJSON implements json.Marshaler: the link's fields, as
// encoding/json writes them, with the token redacted. The output is for
// logs; decoded, its Token is "[redacted]".
func (l Link) MarshalJSON() ([]byte, error) { return json.Marshal(l.redacted()) }
