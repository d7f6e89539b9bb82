package robokassa

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
)

// TestListInvoicesTyped decodes the answer of GetInvoiceInformationList
// into one InvoiceInfo per invoice, in the shape of a third-party typed
// model of it (Robokassa publishes no sample of this answer, and the
// model's repository is not identified; names matched without regard to case;
// invId and outSum as numbers or strings); nonsense in a typed field is a
// protocol error, and Robokassa's refusal keeps its "message" (sdk-php) as
// well as its "errorMessage" (the Python aiorobokassa client's
// models/requests.py).
func TestListInvoicesTyped(t *testing.T) {
	t.Parallel()
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	q := InvoiceQuery{CurrentPage: 1, PageSize: 20, Statuses: []string{InvoicePaid}, Types: []InvoiceType{InvoiceOneTime, InvoiceReusable},
		DateFrom: from, DateTo: from.AddDate(0, 1, 0)}
	body := `{"invoiceInformationList":[` +
		`{"id":"4d3b0f0e-8a4e-4c7b-9f4c-3c1a2b5d6e7f","invId":19,"invoiceType":"OneTime","created":"2026-01-05T10:00:00.123+03:00",` +
		`"modified":"2026-01-05T10:05:00+03:00","outSum":100.5,"description":"Order 19","invoiceStatus":"Paid",` +
		`"invoicePaymentUrl":"https://auth.robokassa.ru/merchant/Invoice/abc","aliases":["BankCard","SBP"],` +
		`"invoiceItems":[{"name":"Item"}],"userFields":{"shp_order":"42"},"payments":[],"isWithoutFreeSale":true},` +
		`{"Id":"b","InvId":"20","InvoiceType":"Reusable","OutSum":"7.50","InvoiceStatus":"Notpaid"}],` +
		`"total":2,"isSuccess":true,"message":null}`
	rt, _ := respond(200, "application/json", body)
	list, err := newProvider(t, rt, nil).ListInvoices(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	want := &InvoiceList{
		Total: 2,
		Invoices: []InvoiceInfo{
			{ID: "4d3b0f0e-8a4e-4c7b-9f4c-3c1a2b5d6e7f", InvID: 19, Type: InvoiceOneTime, Status: "Paid",
				Created:  time.Date(2026, 1, 5, 7, 0, 0, 123e6, time.UTC),
				Modified: time.Date(2026, 1, 5, 7, 5, 0, 0, time.UTC),
				Amount:   rub("100.50"), Description: "Order 19", PaymentURL: "https://auth.robokassa.ru/merchant/Invoice/abc",
				Aliases: []string{"BankCard", "SBP"}, IsWithoutFreeSale: true,
				Items: json.RawMessage(`[{"name":"Item"}]`), UserFields: json.RawMessage(`{"shp_order":"42"}`), Payments: json.RawMessage(`[]`)},
			{ID: "b", InvID: 20, Type: InvoiceReusable, Status: "Notpaid", Amount: rub("7.50")},
		},
		Body: json.RawMessage(body),
	}
	opts := cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })
	if diff := cmp.Diff(want, list, opts); diff != "" {
		t.Errorf("list (-want +got):\n%s", diff)
	}

	for _, bad := range []string{
		`{"isSuccess":true,"invoiceInformationList":[{"invId":"x"}]}`,
		`{"isSuccess":true,"invoiceInformationList":[{"outSum":"1e"}]}`,
		`{"isSuccess":true,"invoiceInformationList":{}}`,
		`{"isSuccess":true,"total":"many"}`,
	} {
		rt, _ := respond(200, "application/json", bad)
		if _, err := newProvider(t, rt, nil).ListInvoices(t.Context(), q); !errors.Is(err, payments.ErrProtocol) {
			t.Errorf("%s: err = %v, want ErrProtocol", bad, err)
		}
	}
	rt, _ = respond(200, "application/json", `{"isSuccess":false,"message":"DateFrom is required"}`)
	_, err = newProvider(t, rt, nil).ListInvoices(t.Context(), q)
	var pe *payments.Error
	if !errors.As(err, &pe) || pe.Message != "DateFrom is required" || !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("refusal err = %v", err)
	}
}
