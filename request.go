package payments

import (
	"time"

	"github.com/shopspring/decimal"
)

// InitRequest asks a provider to start a payment.
type InitRequest struct {
	// OrderID is the merchant's own identifier of the order, unique per
	// payment. Statuses are looked up by it. Required; at most 128 bytes of
	// printable characters, and no more than the provider's
	// Capabilities.MaxOrderIDLength characters where it declares one.
	OrderID string
	// Amount is what the buyer pays. Required, positive, in a currency the
	// provider supports, with no more decimals than the currency has.
	Amount Money
	// Description is shown to the buyer. Providers may limit its length.
	Description string
	// Email is the buyer's e-mail address, if known.
	Email string
	// Language is the preferred language of the payment page ("ru", "en").
	Language string
	// SuccessURL and FailURL are where the buyer's browser returns to.
	SuccessURL string
	// FailURL is where the buyer's browser goes after a failed payment.
	FailURL string
	// NotificationURL is where the provider sends webhooks for this payment,
	// for providers that take it per payment.
	NotificationURL string
	// ExpiresAt is when an unpaid payment link stops working. Zero means the
	// provider's default.
	ExpiresAt time.Time
	// Metadata are the merchant's own key/value pairs, echoed back by
	// providers that support it (Robokassa Shp_ parameters).
	Metadata map[string]string
	// Receipt carries fiscal receipt lines (54-FZ), for providers that
	// declare PaymentReceipts. The lines must add up to Amount.
	Receipt *Receipt
	// Card makes this a direct (host-to-host) card payment, for providers
	// that declare CardPayments. It never prints.
	Card *Card
	// Browser carries the buyer's browser data for 3-D Secure 2.0, for
	// providers that declare ThreeDS.
	Browser *BrowserData
	// Hold asks for a two-step payment, for providers that declare
	// Capabilities.Holds: the money is authorized (held) when the buyer
	// pays, the payment's status becomes StatusAuthorized, and the merchant
	// captures it (Client.Capture) or cancels it (Client.Cancel). A hold
	// not captured within Capabilities.HoldPeriod is cancelled by the
	// provider.
	Hold bool
	// Recurring asks that this payment may be the parent of later
	// merchant-initiated charges (Client.Charge), for providers that
	// declare Capabilities.Recurring. Where the provider issues a mandate
	// id it is in Payment.Mandate (or Event.Mandate) once paid.
	Recurring bool
	// PaymentMethod suggests how the buyer pays, for providers that let
	// the merchant preselect it (Capabilities.PaymentMethods). Empty
	// leaves the choice to the buyer. Unknown hints are refused, not
	// ignored (see [PaymentMethod]).
	PaymentMethod PaymentMethod
}

// Receipt is fiscal data for 54-FZ (Russian online cash registers).
type Receipt struct {
	// TaxSystem is the seller's tax system ("osn", "usn_income", ...);
	// empty means the shop's default.
	TaxSystem string
	// Email is the buyer's e-mail address the receipt is sent to. When
	// set it must be an address: one '@' with text on both sides, no
	// spaces or control characters.
	//
	// Providers whose receipts name the buyer send Email and Phone, and
	// may require one of the two: T-Bank's Receipt.Email and
	// Receipt.Phone, one of them required (error 329,
	// https://www.tbank.ru/kassa/dev/payments/). Robokassa's receipt has no
	// such field, so the robokassa provider ignores both: its payment page
	// asks the buyer for the address, prefilled from InitRequest.Email
	// (https://docs.robokassa.ru/fiscalization/).
	Email string
	// Phone is the buyer's phone number the receipt is sent to, in
	// international form: 7 to 15 digits with an optional leading '+'
	// (E.164), such as "+79001234567". See Email for which providers use
	// it.
	Phone string
	// Items are the receipt's lines; at least one.
	Items []ReceiptItem
}

// ReceiptItem is one line of a fiscal receipt.
type ReceiptItem struct {
	// Name of the good or service.
	Name string
	// Quantity of units; positive.
	Quantity decimal.Decimal
	// Amount is the line total (unit price times quantity), in the
	// payment's currency. Providers that take a unit price derive it with
	// [ReceiptItem.UnitPrice].
	Amount Money
	// Tax is the VAT rate code ("none", "vat0", "vat22" and "vat122" for
	// Russia's 22% rate since 2026, "vat20" and "vat120" for receipts of
	// earlier periods, ...); the provider's documentation lists its codes.
	Tax string
	// PaymentMethod is the 54-FZ payment method ("full_payment", ...).
	PaymentMethod string
	// PaymentObject is the 54-FZ payment object ("commodity", "service", ...).
	PaymentObject string
	// NomenclatureCode is the marking code for marked goods, if any.
	NomenclatureCode string
	// MeasurementUnit is the unit Quantity counts (FFD 1.2 tag 2108), such
	// as "шт" (pieces), "кг", "л", "м" or "ч"; empty means the provider's
	// default. When set it is 1 to MaxMeasurementUnit printable
	// characters without surrounding spaces; anything else is refused
	// with ErrInvalidRequest.
	//
	// T-Bank sends it with every line of an FFD 1.2 receipt
	// (Items[].MeasurementUnit, which takes the units its documentation
	// lists and free text: «Описание дополнительных объектов»,
	// https://www.tbank.ru/kassa/dev/payments/); lines that leave it empty
	// get the tbank provider's default, and FFD 1.05 receipts have no
	// such field. The robokassa and clientsdk (sbank/PayHub) providers
	// ignore it: their receipts carry no unit.
	MeasurementUnit string
}

// MaxMeasurementUnit is the most characters ReceiptItem.MeasurementUnit
// may have: the length FFD 1.05 allowed for the unit as text (tag 1197),
// which the longest documented units ("кВт · ч", "куб. м") fit well
// within.
const MaxMeasurementUnit = 16

// BrowserData is what 3-D Secure 2.0 needs to know about the buyer's
// browser.
type BrowserData struct {
	// IP is the buyer's IP address.
	IP string
	// AcceptHeader is the browser's Accept header.
	AcceptHeader string
	// JavaEnabled reports navigator.javaEnabled().
	JavaEnabled bool
	// Language is navigator.language, such as "ru-RU".
	Language string
	// ColorDepth is screen.colorDepth, such as 24.
	ColorDepth int
	// ScreenHeight and ScreenWidth are the screen size in pixels.
	ScreenHeight int
	// ScreenWidth is the screen width in pixels.
	ScreenWidth int
	// TZOffsetMinutes is the offset from UTC in minutes as the browser
	// reports it.
	TZOffsetMinutes int
	// UserAgent is the browser's User-Agent header.
	UserAgent string
	// ChallengeWindowSize is the 3-D Secure challenge window size code
	// ("01" to "05"); empty means the provider's default.
	ChallengeWindowSize string
}

// RefundRequest asks for a full or partial refund of a paid order.
type RefundRequest struct {
	// OrderID is the merchant's order id of the paid payment. Required.
	OrderID string
	// Amount is how much to refund. Nil refunds what is left of the
	// payment: all of it, or the rest after earlier partial refunds; when
	// nothing is left the provider refuses. When set it must be positive and
	// in the payment's currency. The result's Amount is what was refunded,
	// or zero when the provider's answer does not say (look it up with
	// Client.RefundStatus).
	Amount *Money
	// Reason is a note for the merchant's records, where the provider keeps
	// one.
	Reason string
	// Receipt carries the refunded receipt lines, for providers that
	// declare RefundReceipts. With Amount set the lines must add up to it;
	// with Amount nil they must add up to what is refunded, which only the
	// provider knows.
	Receipt *Receipt
	// Reference is the merchant's own id of this refund, unique per order:
	// choose it before the first attempt and keep it for every retry.
	// Required; 1 to 64 bytes of ASCII letters, digits and '.', '_', ':',
	// '-'.
	//
	// Sending the same Reference again never refunds twice. A provider
	// that declares Capabilities.IdempotentRefunds takes it as an
	// idempotency key and answers a repeat with the same refund. For any
	// other provider the Client remembers the references it sent (see
	// Options.SentRefunds) and refuses a repeat with ErrDuplicate, unless
	// the provider refused the first attempt outright. After
	// ErrOutcomeUnknown the refund is found by it with
	// LookupRefund(ctx, RefundQuery{OrderID, Reference}) where the
	// provider declares Capabilities.RefundLookupByReference.
	Reference string
	// Metadata are the merchant's own key/value pairs, for providers that
	// declare Capabilities.RefundMetadata (which echo them in
	// Refund.Metadata); the Client refuses them otherwise. At most
	// MaxMetadataPairs pairs; see MaxMetadataKey and MaxMetadataValue.
	Metadata map[string]string
}

// WithdrawalRequest asks for a payout from the merchant's balance.
type WithdrawalRequest struct {
	// OrderID is the merchant's own unique id of the payout. Required.
	OrderID string
	// Amount to pay out; positive. Required.
	Amount Money
	// Card is the destination card; only its number is used. Required.
	Card *Card
	// NotificationURL is where the provider sends the payout's webhooks.
	NotificationURL string
	// Metadata are the merchant's own key/value pairs, for providers that
	// declare Capabilities.WithdrawalMetadata (which echo them in
	// Withdrawal.Metadata); the Client refuses them otherwise. Bounded as
	// RefundRequest.Metadata.
	Metadata map[string]string
}

// WithdrawalQuery names a payout by the provider's id or the merchant's
// order id; exactly one must be set.
type WithdrawalQuery struct {
	// ID is the provider's payout id.
	ID string
	// OrderID is the merchant's payout order id.
	OrderID string
}

// PaymentQuery names a payment to look up, by the merchant's order id, the
// provider's payment id, or both; at least one must be set. The provider
// must declare the key it is asked by (Capabilities.LookupByOrderID,
// Capabilities.LookupByPaymentID). When both are set the provider may use
// either, and the Client checks that the answer matches both.
type PaymentQuery struct {
	// OrderID is the merchant's order id (InitRequest.OrderID).
	OrderID string
	// PaymentID is the provider's payment id (Payment.ID).
	PaymentID string
}

// RefundQuery names a refund to look up: by the provider's refund id, or
// by the merchant's order id and refund reference together (T-Bank, for
// one, names a refund by its payment and the ExternalRequestId). At least
// one of the two ways must be given; looking up by reference needs a
// provider that declares Capabilities.RefundLookupByReference. When both
// are given the provider may use either, and the Client checks that the
// answer matches every key given.
type RefundQuery struct {
	// RefundID is the provider's refund id (Refund.ID).
	RefundID string
	// OrderID is the merchant's order id of the refunded payment
	// (RefundRequest.OrderID); required with Reference.
	OrderID string
	// Reference is the merchant's refund reference
	// (RefundRequest.Reference); required with OrderID.
	Reference string
}

// BalanceQuery asks for the merchant's balance.
type BalanceQuery struct {
	// Currency is the balance's currency. Required.
	Currency Currency
}
