package providers

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paykit/payments"
)

// This file renders the README's provider table from declared
// capabilities; readme_test.go builds the providers and compares the table
// with the README.

// capVariant is one configuration of a provider: the first of a column is
// the one the table shows, the others (label "test mode") are shown only
// where they declare something else.
type capVariant struct {
	label string
	caps  payments.Capabilities
}

// capColumn is one provider of the table.
type capColumn struct {
	name     string
	variants []capVariant
}

// capRow is one line of the table: what an app asks of a provider, and
// the cell for a provider's declared capabilities. uses names the
// Capabilities fields and operations the cell reads (an operation as
// "Operations.refund"), so that TestCapabilityTableCoversCapabilities can
// tell when a declaration is added that the table does not show.
type capRow struct {
	label string
	uses  []string
	cell  func(c payments.Capabilities) string
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func op(o payments.Operation) string { return "Operations." + string(o) }

// capRows are the table's lines, in order.
func capRows() []capRow {
	return []capRow{
		{"Payment link or form (`InitPayment`)", []string{op(payments.OpInitPayment)},
			func(c payments.Capabilities) string { return yesNo(c.Supports(payments.OpInitPayment)) }},
		{"Direct card payment (`InitRequest.Card`)", []string{"CardPayments"},
			func(c payments.Capabilities) string { return yesNo(c.CardPayments) }},
		{"3-D Secure 2.0 browser data", []string{"ThreeDS"},
			func(c payments.Capabilities) string { return yesNo(c.ThreeDS) }},
		{"Status by order id", []string{op(payments.OpPaymentStatus), "LookupByOrderID"},
			func(c payments.Capabilities) string {
				// Neither lookup flag means the order id (Capabilities.LookupByOrderID).
				return yesNo(c.Supports(payments.OpPaymentStatus) && (c.LookupByOrderID || !c.LookupByPaymentID))
			}},
		{"Status by payment id", []string{"LookupByPaymentID"},
			func(c payments.Capabilities) string { return yesNo(c.LookupByPaymentID) }},
		{"Refunds (`Refund`, `RefundStatus`)", []string{op(payments.OpRefund), op(payments.OpRefundStatus)},
			func(c payments.Capabilities) string {
				return withOps(c.Supports(payments.OpRefund), c, payments.OpRefundStatus)
			}},
		{"Partial refunds", []string{"PartialRefunds"},
			func(c payments.Capabilities) string { return yesNo(c.PartialRefunds) }},
		{"Refunds idempotent by reference", []string{"IdempotentRefunds"},
			func(c payments.Capabilities) string { return yesNo(c.IdempotentRefunds) }},
		{"Refund lookup by reference", []string{"RefundLookupByReference"},
			func(c payments.Capabilities) string { return yesNo(c.RefundLookupByReference) }},
		{"Receipts with payments", []string{"PaymentReceipts"},
			func(c payments.Capabilities) string { return yesNo(c.PaymentReceipts) }},
		{"Receipts with refunds", []string{"RefundReceipts"},
			func(c payments.Capabilities) string { return yesNo(c.RefundReceipts) }},
		{"Holds (`Capture`, `Cancel`)", []string{"Holds", op(payments.OpCapture), op(payments.OpCancel)},
			func(c payments.Capabilities) string {
				return withOps(c.Holds, c, payments.OpCapture, payments.OpCancel)
			}},
		{"Partial capture", []string{"PartialCapture"},
			func(c payments.Capabilities) string { return yesNo(c.PartialCapture) }},
		{"Changed receipt on capture", []string{"CaptureReceipts"},
			func(c payments.Capabilities) string { return yesNo(c.CaptureReceipts) }},
		{"Hold period", []string{"HoldPeriod"},
			func(c payments.Capabilities) string { return holdPeriod(c) }},
		{"Recurring charges (`Charge`)", []string{"Recurring", "RecurringMandate", op(payments.OpCharge)},
			func(c payments.Capabilities) string {
				s := withOps(c.Recurring, c, payments.OpCharge)
				if c.Recurring && c.RecurringMandate {
					s += " (by the parent's mandate id)"
				}
				return s
			}},
		{"Receipts after payment (`SendReceipt`, `ReceiptStatus`)", []string{"ReceiptsAfterPayment", op(payments.OpSendReceipt), op(payments.OpReceiptStatus)},
			func(c payments.Capabilities) string {
				return withOps(c.ReceiptsAfterPayment, c, payments.OpSendReceipt, payments.OpReceiptStatus)
			}},
		{"Payment-method hints", []string{"PaymentMethods"},
			func(c payments.Capabilities) string { return list(c.PaymentMethods) }},
		{"Metadata echoed back", []string{"Metadata", "RefundMetadata", "WithdrawalMetadata"},
			func(c payments.Capabilities) string { return metadata(c) }},
		{"Balance", []string{op(payments.OpBalance)},
			func(c payments.Capabilities) string { return yesNo(c.Supports(payments.OpBalance)) }},
		{"Payouts (`Withdraw`, `WithdrawalStatus`)", []string{op(payments.OpWithdraw), op(payments.OpWithdrawalStatus)},
			func(c payments.Capabilities) string {
				return withOps(c.Supports(payments.OpWithdraw), c, payments.OpWithdrawalStatus)
			}},
		{"Webhooks (`VerifyWebhook`)", []string{op(payments.OpVerifyWebhook)},
			func(c payments.Capabilities) string { return yesNo(c.Supports(payments.OpVerifyWebhook)) }},
		{"Currencies", []string{"Currencies"},
			func(c payments.Capabilities) string { return list(c.Currencies) }},
		{"Order id", []string{"MaxOrderIDLength", "NumericOrderIDs"},
			func(c payments.Capabilities) string { return orderID(c) }},
		{"Description", []string{"MaxDescription"},
			func(c payments.Capabilities) string {
				if c.MaxDescription > 0 {
					return "at most " + strconv.Itoa(c.MaxDescription) + " characters"
				}
				return "no known limit"
			}},
	}
}

// withOps is yes or no by declared; a declaration without one of the
// operations that go with it says which is missing, so that the table does
// not hide an inconsistent declaration.
func withOps(declared bool, c payments.Capabilities, ops ...payments.Operation) string {
	if !declared {
		return "no"
	}
	var missing []string
	for _, o := range ops {
		if !c.Supports(o) {
			missing = append(missing, string(o))
		}
	}
	if len(missing) > 0 {
		return "yes, without " + strings.Join(missing, ", ")
	}
	return "yes"
}

func holdPeriod(c payments.Capabilities) string {
	switch d := c.HoldPeriod; {
	case !c.Holds:
		return "no"
	case d == 0:
		return "not known"
	case d%(24*time.Hour) == 0:
		return strconv.Itoa(int(d/(24*time.Hour))) + " days"
	default:
		return d.String()
	}
}

func metadata(c payments.Capabilities) string {
	var with []string
	for _, m := range []struct {
		ok   bool
		name string
	}{{c.Metadata, "payments"}, {c.RefundMetadata, "refunds"}, {c.WithdrawalMetadata, "payouts"}} {
		if m.ok {
			with = append(with, m.name)
		}
	}
	if len(with) == 0 {
		return "no"
	}
	return strings.Join(with, ", ")
}

func orderID(c payments.Capabilities) string {
	var s string
	switch {
	case c.NumericOrderIDs:
		s = "a positive integer"
	case c.MaxOrderIDLength > 0:
		s = "at most " + strconv.Itoa(c.MaxOrderIDLength) + " characters"
	default:
		return "at most 128 bytes (the Client's limit)"
	}
	if c.NumericOrderIDs && c.MaxOrderIDLength > 0 {
		s += " of at most " + strconv.Itoa(c.MaxOrderIDLength) + " characters"
	}
	return s
}

func list[T ~string](xs []T) string {
	if len(xs) == 0 {
		return "no"
	}
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}

// renderCapTable renders the Markdown table: one column per provider, one
// line per capRow. Where a provider's other variants declare something
// else, the cell adds it: "yes (test mode: no)".
func renderCapTable(cols []capColumn) string {
	var b strings.Builder
	b.WriteString("| |")
	for _, c := range cols {
		fmt.Fprintf(&b, " `%s` |", c.name)
	}
	b.WriteString("\n|---|")
	b.WriteString(strings.Repeat("---|", len(cols)))
	b.WriteString("\n")
	for _, r := range capRows() {
		b.WriteString("| " + r.label + " |")
		for _, c := range cols {
			b.WriteString(" " + variantCell(r, c.variants) + " |")
		}
		b.WriteString("\n")
	}
	return b.String()
}

func variantCell(r capRow, vs []capVariant) string {
	main := r.cell(vs[0].caps)
	var diff []string
	for _, v := range vs[1:] {
		if s := r.cell(v.caps); s != main {
			diff = append(diff, v.label+": "+s)
		}
	}
	if len(diff) == 0 {
		return main
	}
	return main + " (" + strings.Join(diff, "; ") + ")"
}

// capUses is every name the rows read.
func capUses() []string {
	var out []string
	for _, r := range capRows() {
		out = append(out, r.uses...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
