package robokassa

import (
	"context"
	"encoding/json"
	"time"

	"github.com/paykit/payments/providerkit"
	"github.com/shopspring/decimal"
)

// InvoiceQuery filters GetInvoiceInformationList (wire notes §2.6).
type InvoiceQuery struct {
	// CurrentPage is the page, from 1.
	CurrentPage int
	// PageSize is the number of invoices per page; positive.
	PageSize int
	// Statuses filter by status (InvoicePaid, InvoiceExpired,
	// InvoiceNotPaid); at least one.
	Statuses []string
	// Keywords searches the invoices' text.
	Keywords string
	// DateFrom and DateTo bound the creation date. Required.
	DateFrom time.Time
	// DateTo is the end of the period.
	DateTo time.Time
	// IsAscending sorts oldest first.
	IsAscending bool
	// Types filter by invoice type; at least one.
	Types []InvoiceType
	// PaymentAliases filter by payment method alias.
	PaymentAliases []string
	// SumFrom and SumTo bound the amount, when valid.
	SumFrom decimal.NullDecimal
	// SumTo is the largest amount.
	SumTo decimal.NullDecimal
}

// InvoiceList is GetInvoiceInformationList's answer. Robokassa publishes no
// sample of its shape beyond isSuccess (wire notes §2.6), so the body is
// kept as received for the app to decode.
type InvoiceList struct {
	// Body is the answer's JSON.
	Body json.RawMessage
}

// ListInvoices calls GetInvoiceInformationList.
func (p *Provider) ListInvoices(ctx context.Context, q InvoiceQuery) (*InvoiceList, error) {
	const op = OpListInvoices
	switch {
	case q.CurrentPage < 1 || q.PageSize < 1:
		return nil, invalidf(op, "CurrentPage and PageSize must be positive")
	case len(q.Statuses) == 0 || len(q.Types) == 0:
		return nil, invalidf(op, "give at least one status and one invoice type")
	case q.DateFrom.IsZero() || q.DateTo.IsZero() || q.DateTo.Before(q.DateFrom):
		return nil, invalidf(op, "DateFrom and DateTo are required, in order")
	}
	for _, s := range q.Statuses {
		if s != InvoicePaid && s != InvoiceExpired && s != InvoiceNotPaid {
			return nil, invalidf(op, "invoice status %q is not Paid, Expired or Notpaid", s)
		}
	}
	for _, t := range q.Types {
		if t != InvoiceOneTime && t != InvoiceReusable {
			return nil, invalidf(op, "invoice type %q is neither OneTime nor Reusable", string(t))
		}
	}
	pl := struct {
		MerchantLogin   string        `json:"MerchantLogin"`
		CurrentPage     int           `json:"CurrentPage"`
		PageSize        int           `json:"PageSize"`
		InvoiceStatuses []string      `json:"InvoiceStatuses"`
		Keywords        string        `json:"Keywords,omitempty"`
		DateFrom        string        `json:"DateFrom"`
		DateTo          string        `json:"DateTo"`
		IsAscending     bool          `json:"IsAscending"`
		InvoiceTypes    []InvoiceType `json:"InvoiceTypes"`
		PaymentAliases  []string      `json:"PaymentAliases,omitempty"`
		SumFrom         *jsonNumber   `json:"SumFrom,omitempty"`
		SumTo           *jsonNumber   `json:"SumTo,omitempty"`
	}{
		MerchantLogin: p.cfg.MerchantLogin, CurrentPage: q.CurrentPage, PageSize: q.PageSize,
		InvoiceStatuses: q.Statuses, Keywords: q.Keywords,
		DateFrom: q.DateFrom.Format(time.RFC3339), DateTo: q.DateTo.Format(time.RFC3339),
		IsAscending: q.IsAscending, InvoiceTypes: q.Types, PaymentAliases: q.PaymentAliases,
	}
	if q.SumFrom.Valid {
		n := jsonNumber(q.SumFrom.Decimal)
		pl.SumFrom = &n
	}
	if q.SumTo.Valid {
		n := jsonNumber(q.SumTo.Decimal)
		pl.SumTo = &n
	}
	body, err := p.invoiceCall(ctx, "GetInvoiceInformationList", pl, providerkit.Read(op), nil)
	if err != nil {
		return nil, err
	}
	return &InvoiceList{Body: body}, nil
}
