package payments

import "time"

// This file holds the types of the payment lifecycle after InitPayment:
// holds (capture, cancel), recurring charges and receipts after payment.

// PaymentMethod is a hint of how the buyer will pay, given in
// InitRequest.PaymentMethod for providers that let the merchant preselect
// it (Capabilities.PaymentMethods). Unknown hints are refused, not ignored:
// a value that is not one of the constants below is ErrInvalidRequest, a
// known one the provider does not declare is errors.ErrUnsupported.
type PaymentMethod string

// The payment methods. Besides cards they are the methods Robokassa's
// DirectPayment preselects with IncCurrLabel
// (https://docs.robokassa.ru/ru/direct-payment).
const (
	// MethodCard: a bank card.
	MethodCard PaymentMethod = "card"
	// MethodSBP: the Faster Payments System (Система быстрых платежей).
	MethodSBP PaymentMethod = "sbp"
	// MethodSberPay: SberPay.
	MethodSberPay PaymentMethod = "sberpay"
	// MethodPodeli: Podeli instalments («Подели»).
	MethodPodeli PaymentMethod = "podeli"
	// MethodOTP: OTP Bank instalments.
	MethodOTP PaymentMethod = "otp"
	// MethodYandexPaySplit: Yandex Pay Split instalments.
	MethodYandexPaySplit PaymentMethod = "yandex_pay_split"
	// MethodMokka: Mokka instalments.
	MethodMokka PaymentMethod = "mokka"
)

var allPaymentMethods = []PaymentMethod{
	MethodCard, MethodSBP, MethodSberPay, MethodPodeli, MethodOTP,
	MethodYandexPaySplit, MethodMokka,
}

// PaymentMethods returns every payment method, in the order of their
// declaration.
func PaymentMethods() []PaymentMethod {
	return append([]PaymentMethod(nil), allPaymentMethods...)
}

// Valid reports whether m is one of the declared payment methods.
func (m PaymentMethod) Valid() bool {
	for _, v := range allPaymentMethods {
		if m == v {
			return true
		}
	}
	return false
}

// CaptureRequest asks to capture a held (authorized) payment, in full or in
// part, for providers that implement [Capturer] and declare
// Capabilities.Holds.
type CaptureRequest struct {
	// OrderID is the merchant's order id of the held payment. Required.
	OrderID string
	// PaymentID is the provider's payment id (Payment.ID), for providers
	// that need it; optional.
	PaymentID string
	// Amount is how much to capture. Nil captures all that is held. When
	// set it must be positive, in the payment's currency and no more than
	// what is held (the provider refuses more with ErrInvalidState), and
	// the provider must declare Capabilities.PartialCapture; the rest of
	// the hold is released.
	Amount *Money
	// Receipt is the changed fiscal receipt of what is captured, for
	// providers that declare Capabilities.CaptureReceipts. With Amount
	// set the lines must add up to it.
	Receipt *Receipt
}

// CancelRequest asks to cancel (void) a held payment, releasing all of it,
// for providers that implement [Canceler] and declare Capabilities.Holds.
type CancelRequest struct {
	// OrderID is the merchant's order id of the held payment. Required.
	OrderID string
	// PaymentID is the provider's payment id (Payment.ID), for providers
	// that need it; optional.
	PaymentID string
}

// ChargeRequest asks for a merchant-initiated charge of a recurring parent
// payment (one started with InitRequest.Recurring and paid), without the
// buyer, for providers that implement [Charger] and declare
// Capabilities.Recurring.
type ChargeRequest struct {
	// OrderID is the merchant's order id of this new charge: unique, like
	// any payment's, and never reused when a charge fails. Required.
	OrderID string
	// ParentOrderID is the order id of the recurring parent payment: the
	// first one, not the previous charge. Required.
	ParentOrderID string
	// Mandate is the provider's rebill or mandate id of the parent
	// (Payment.Mandate), for providers that issue one; required where the
	// provider declares Capabilities.RecurringMandate.
	Mandate string
	// Amount to charge; positive, in a currency the provider accepts.
	// Required.
	Amount Money
	// Description of the charge, where the provider keeps one.
	Description string
	// Receipt carries the charge's own fiscal receipt, for providers that
	// declare Capabilities.PaymentReceipts. The lines must add up to
	// Amount.
	Receipt *Receipt
	// Metadata are the merchant's own key/value pairs, for providers that
	// declare Capabilities.Metadata. Bounded as RefundRequest.Metadata.
	Metadata map[string]string
}

// ReceiptKind says what a receipt sent after the payment is.
type ReceiptKind string

// The receipt kinds.
const (
	// ReceiptSettlement is the final ("full_payment") receipt sent when
	// goods are delivered after a prepayment receipt: 54-FZ's second
	// receipt (Robokassa: https://docs.robokassa.ru/second-check). Its
	// lines' PaymentMethod is "full_payment" or empty (the provider fills
	// it in).
	ReceiptSettlement ReceiptKind = "settlement"
)

// Valid reports whether k is one of the declared receipt kinds.
func (k ReceiptKind) Valid() bool {
	return k == ReceiptSettlement
}

// ReceiptRequest asks to register a fiscal receipt for a paid payment, for
// providers that implement [ReceiptSender] and declare
// Capabilities.ReceiptsAfterPayment. A receipt is a fiscal document: the
// Client sends it once and never resends it (see Operation.Resendable).
type ReceiptRequest struct {
	// OrderID is the merchant's order id of the paid payment. Required.
	OrderID string
	// ReceiptID is the merchant's own id of this receipt, unique and
	// different from OrderID: a positive integer where the provider
	// declares NumericOrderIDs (Robokassa's receipt id). Required; the
	// receipt is looked up by it with ReceiptStatus.
	ReceiptID string
	// Kind of receipt. Required.
	Kind ReceiptKind
	// Receipt holds the lines; they must be in a currency the provider
	// accepts.
	Receipt Receipt
}

// ReceiptQuery names a receipt sent after the payment.
type ReceiptQuery struct {
	// ReceiptID is the merchant's receipt id (ReceiptRequest.ReceiptID).
	// Required.
	ReceiptID string
	// OrderID is the order id of the paid payment; optional. When set, the
	// Client checks the answer against it.
	OrderID string
}

// FiscalStatus is the state of a fiscal receipt sent after the payment.
type FiscalStatus string

// The fiscal statuses.
const (
	// FiscalPending: accepted, not registered yet; look again later.
	FiscalPending FiscalStatus = "pending"
	// FiscalRegistered: registered by the fiscal data operator.
	FiscalRegistered FiscalStatus = "registered"
	// FiscalFailed: registration failed; Code and Message say why.
	FiscalFailed FiscalStatus = "failed"
)

// Valid reports whether s is one of the declared fiscal statuses.
func (s FiscalStatus) Valid() bool {
	return s == FiscalPending || s == FiscalRegistered || s == FiscalFailed
}

// FiscalReceipt is what a provider knows of a receipt sent after the
// payment.
type FiscalReceipt struct {
	// ID is the merchant's receipt id (ReceiptRequest.ReceiptID).
	ID string
	// OrderID is the order id of the paid payment, where the provider
	// reports it.
	OrderID string
	// Status of the receipt.
	Status FiscalStatus
	// Code and Message are the provider's own status code and text.
	Code string
	// Message is the provider's own explanation of the status.
	Message string
	// RegisteredAt is when the receipt was registered, if reported.
	RegisteredAt time.Time
	// Raw holds the provider's own fields (fiscal drive number, document
	// number and attribute, ...).
	Raw map[string]string
}
