package robokassa

import (
	"encoding/json"
	"fmt"
	"strings"
)

// An OpKey is the same value as a saved-card Token: Robokassa's card-on-file
// payment takes "the OpKey of any earlier operation made with that card" as
// its Token (https://docs.robokassa.ru/pay-interface, "Оплата по сохраненной карте"). It is kept on
// OperationState and RefundCreate, because refunds need it, but it is never
// printed, logged or marshalled: every fmt verb, slog handler and
// json.Marshal show "[redacted]" in its place, and the portable Payment and
// Refund do not carry it in Raw.

// operationStateFields and refundCreateFields are the types without
// methods, for printing their redacted copies.
type (
	operationStateFields OperationState
	refundCreateFields   RefundCreate
)

func (st OperationState) redacted() operationStateFields {
	f := operationStateFields(st)
	f.OpKey = redacted(f.OpKey)
	return f
}

func (r RefundCreate) redacted() refundCreateFields {
	f := refundCreateFields(r)
	f.OpKey = redacted(f.OpKey)
	return f
}

// formatRedacted prints v, a redacted copy, as Go would print the type
// named public.
func formatRedacted(f fmt.State, verb rune, v any, copyName, public string) {
	s := fmt.Sprintf(fmt.FormatString(f, verb), v)
	if verb == 'v' && f.Flag('#') {
		s = strings.Replace(s, copyName, public, 1)
	}
	_, _ = fmt.Fprint(f, s)
}

// Format implements fmt.Formatter: every verb prints the state as Go would,
// with the OpKey redacted.
func (st OperationState) Format(f fmt.State, verb rune) {
	formatRedacted(f, verb, st.redacted(), "robokassa.operationStateFields", "robokassa.OperationState")
}

// MarshalJSON implements json.Marshaler: the state's fields with the OpKey
// redacted. The output is for logs.
func (st OperationState) MarshalJSON() ([]byte, error) { return json.Marshal(st.redacted()) }

// Format implements fmt.Formatter: every verb prints the request as Go
// would, with the OpKey redacted.
func (r RefundCreate) Format(f fmt.State, verb rune) {
	formatRedacted(f, verb, r.redacted(), "robokassa.refundCreateFields", "robokassa.RefundCreate")
}

// MarshalJSON implements json.Marshaler: the request's fields with the OpKey
// redacted. The output is for logs.
func (r RefundCreate) MarshalJSON() ([]byte, error) { return json.Marshal(r.redacted()) }
