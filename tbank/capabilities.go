package tbank

import (
	"time"

	"github.com/paykit/payments"
)

// Capabilities declares what this package implements of T-Bank's API:
// hosted-page payments in RUB, one- or two-stage (Confirm, full or partial,
// and void by Cancel, within 7 days), refunds full or partial keyed by
// ExternalRequestId (card payments: T-Bank ignores it for SBP, whose
// refunds are refused), recurring charges by RebillId, receipts on payments,
// captures and refunds, lookups by either id, notifications, and SBP
// payments by QR code (payments.MethodSBP).
func (p *Provider) Capabilities() payments.Capabilities {
	return payments.Capabilities{
		Operations: []payments.Operation{
			payments.OpRefund, payments.OpRefundStatus, payments.OpVerifyWebhook,
			payments.OpCapture, payments.OpCancel, payments.OpCharge,
		},
		Currencies:        []payments.Currency{payments.RUB},
		PartialRefunds:    true,
		PaymentReceipts:   true,
		RefundReceipts:    true,
		MaxOrderIDLength:  maxOrderID,
		LookupByOrderID:   true,
		LookupByPaymentID: true,
		MaxDescription:    140,
		IdempotentRefunds: true,
		Holds:             true,
		HoldPeriod:        7 * 24 * time.Hour,
		PartialCapture:    true,
		CaptureReceipts:   true,
		Recurring:         true,
		RecurringMandate:  true,
		// SBP by QR code (sbp.go). Cards are not declared: the hosted
		// page PaymentURL offers whatever the terminal has enabled, so a
		// card cannot be preselected.
		PaymentMethods: []payments.PaymentMethod{payments.MethodSBP},
	}
}
