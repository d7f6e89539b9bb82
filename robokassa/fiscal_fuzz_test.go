package robokassa

import (
	"errors"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// FuzzFiscalAnswers: RoboFiscal's Attach and Status answers never panic the
// parsers; an Attach answer is a receipt of a declared status or an error
// (an unknown outcome unless it is a documented refusal), and a Status
// answer a receipt or an error. Seeds: the answers of
// https://docs.robokassa.ru/second-check and the live errors recorded by
// igor-netFantom/robokassa-api.
func FuzzFiscalAnswers(f *testing.F) {
	for _, s := range []string{
		`{"ResultCode":"0","ResultDescription":"ok"}`, `{"ResultCode":"0","ResultDescription":"ok","OpKey":"x"}`,
		`{"ResultCode":"1000","ResultDescription":"Exception of type 'Robox.Merchant.Util.Exceptions.MerchantNotFoundException' was thrown."}`,
		`{"Code":"2","Description":"Done","FnNumber":"9289000100348548","FiscalDocumentNumber":"135771","FiscalDocumentAttribute":"207899681","FiscalDate":null,"FiscalType":null}`,
		`{"Code":"1000","Description":"Error","Statuses":null}`, `{"Code":2,"FiscalDate":"2026-11-29T12:00:00"}`,
		`{"Code":"2","FnNumber":{"a":1}}`, `{"ResultCode":1e400}`, `null`, `[]`, `""`, ``, `{`,
	} {
		f.Add(200, []byte(s))
	}
	f.Add(500, []byte(`{"ResultCode":"0"}`))
	req := goldenReceiptRequest()
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		resp := &providerkit.Response{StatusCode: status, Body: body}
		r, err := parseAttach(providerkit.Moving(payments.OpSendReceipt), req, resp)
		switch {
		case err == nil && (r == nil || !r.Status.Valid() || r.ID != "1019"):
			t.Fatalf("Attach %d %q = %+v", status, body, r)
		case err != nil && !errors.Is(err, payments.ErrOutcomeUnknown) && !errors.Is(err, payments.ErrUnauthorized) &&
			!errors.Is(err, payments.ErrInvalidRequest) && !errors.Is(err, payments.ErrNotFound) &&
			!errors.Is(err, payments.ErrDuplicate) && !errors.Is(err, payments.ErrRateLimited) && !errors.Is(err, payments.ErrProtocol):
			t.Fatalf("Attach %d %q: %v", status, body, err)
		}
		s, err := parseReceiptStatus(providerkit.Read(payments.OpReceiptStatus), payments.ReceiptQuery{ReceiptID: "1019"}, resp)
		if err == nil && (s == nil || !s.Status.Valid()) {
			t.Fatalf("Status %d %q = %+v", status, body, s)
		}
	})
}
