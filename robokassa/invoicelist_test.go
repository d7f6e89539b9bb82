package robokassa

import (
	"errors"
	"testing"
	"time"

	"github.com/paykit/payments"
)

// ListInvoices' validation at its boundaries: each required part missing
// on its own is refused, the smallest valid values pass, and every status
// and type is accepted.
func TestListInvoicesBoundaries(t *testing.T) {
	t.Parallel()
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	valid := func() InvoiceQuery {
		return InvoiceQuery{CurrentPage: 1, PageSize: 1, Statuses: []string{InvoicePaid}, Types: []InvoiceType{InvoiceOneTime}, DateFrom: from, DateTo: from}
	}
	tests := []struct {
		name string
		mod  func(*InvoiceQuery)
		ok   bool
	}{
		{"smallest valid query (one day, page 1 of size 1)", func(*InvoiceQuery) {}, true},
		{"every status and type", func(q *InvoiceQuery) {
			q.Statuses = []string{InvoicePaid, InvoiceExpired, InvoiceNotPaid}
			q.Types = []InvoiceType{InvoiceOneTime, InvoiceReusable}
		}, true},
		{"page 0", func(q *InvoiceQuery) { q.CurrentPage = 0 }, false},
		{"page size 0", func(q *InvoiceQuery) { q.PageSize = 0 }, false},
		{"no status", func(q *InvoiceQuery) { q.Statuses = nil }, false},
		{"no type", func(q *InvoiceQuery) { q.Types = nil }, false},
		{"no DateFrom", func(q *InvoiceQuery) { q.DateFrom = time.Time{} }, false},
		{"no DateTo", func(q *InvoiceQuery) { q.DateTo = time.Time{} }, false},
		{"DateTo before DateFrom", func(q *InvoiceQuery) { q.DateTo = from.Add(-time.Second) }, false},
		{"a bad status after a good one", func(q *InvoiceQuery) { q.Statuses = []string{InvoicePaid, "paid"} }, false},
		{"a bad type after a good one", func(q *InvoiceQuery) { q.Types = []InvoiceType{InvoiceReusable, "Daily"} }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rt, reqs := respond(200, "application/json", `{"isSuccess":true}`)
			q := valid()
			tt.mod(&q)
			list, err := newProvider(t, rt, nil).ListInvoices(t.Context(), q)
			if tt.ok {
				if err != nil || string(list.Body) != `{"isSuccess":true}` || len(*reqs) != 1 {
					t.Errorf("ListInvoices = %+v, %v after %d requests", list, err, len(*reqs))
				}
				return
			}
			if list != nil || !errors.Is(err, payments.ErrInvalidRequest) || len(*reqs) != 0 {
				t.Errorf("ListInvoices = %+v, %v after %d requests; want ErrInvalidRequest before any", list, err, len(*reqs))
			}
		})
	}
	// An error answer is an error, not a list.
	rt, _ := respond(200, "application/json", `{"isSuccess":false,"errorMessage":"no"}`)
	if list, err := newProvider(t, rt, nil).ListInvoices(t.Context(), valid()); list != nil || !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("refused list: %+v, %v", list, err)
	}
}
