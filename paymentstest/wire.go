package paymentstest

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
	"github.com/shopspring/decimal"
)

// This file holds the JSON shapes of the fake's HTTP API (requests and
// replies) and their conversion to and from the portable types. Amounts
// travel as decimal strings with the currency's places ("10.00") next to an
// ISO 4217 code; unknown keys are ignored.

// apiInitRequest is the body of POST /v1/payments.
type apiInitRequest struct {
	OrderID         string            `json:"order_id"`
	Amount          string            `json:"amount"`
	Currency        string            `json:"currency"`
	Description     string            `json:"description,omitempty"`
	Email           string            `json:"email,omitempty"`
	Language        string            `json:"language,omitempty"`
	SuccessURL      string            `json:"success_url,omitempty"`
	FailURL         string            `json:"fail_url,omitempty"`
	NotificationURL string            `json:"notification_url,omitempty"`
	ExpiresAt       time.Time         `json:"expires_at,omitzero"`
	Metadata        map[string]string `json:"metadata,omitempty"`
	Receipt         *apiReceipt       `json:"receipt,omitempty"`
	Card            *apiCard          `json:"card,omitempty"`
	Browser         *apiBrowser       `json:"browser,omitempty"`
	Hold            bool              `json:"hold,omitempty"`
	Recurring       bool              `json:"recurring,omitempty"`
	PaymentMethod   string            `json:"payment_method,omitempty"`
}

// apiCard is a card in a request body, the only place a card number
// travels. It prints masked, like payments.Card.
type apiCard struct {
	Number   string `json:"number"`
	ExpMonth int    `json:"exp_month,omitempty"`
	ExpYear  int    `json:"exp_year,omitempty"`
	CVC      string `json:"cvc,omitempty"`
	Holder   string `json:"holder,omitempty"`
}

// Format implements fmt.Formatter: every verb prints the masked number.
func (c apiCard) Format(f fmt.State, _ rune) { fmt.Fprint(f, "card "+providerkit.MaskPAN(c.Number)) }

// LogValue implements slog.LogValuer with the masked number only.
func (c apiCard) LogValue() slog.Value {
	return slog.StringValue("card " + providerkit.MaskPAN(c.Number))
}

type apiBrowser struct {
	IP                  string `json:"ip,omitempty"`
	AcceptHeader        string `json:"accept_header,omitempty"`
	JavaEnabled         bool   `json:"java_enabled"`
	Language            string `json:"language,omitempty"`
	ColorDepth          int    `json:"color_depth,omitempty"`
	ScreenHeight        int    `json:"screen_height,omitempty"`
	ScreenWidth         int    `json:"screen_width,omitempty"`
	TZOffsetMinutes     int    `json:"tz_offset_minutes"`
	UserAgent           string `json:"user_agent,omitempty"`
	ChallengeWindowSize string `json:"challenge_window_size,omitempty"`
}

type apiReceipt struct {
	TaxSystem string           `json:"tax_system,omitempty"`
	Email     string           `json:"email,omitempty"`
	Phone     string           `json:"phone,omitempty"`
	Items     []apiReceiptItem `json:"items"`
}

// apiReceiptItem is one receipt line; its amount is in the request's
// currency.
type apiReceiptItem struct {
	Name             string `json:"name"`
	Quantity         string `json:"quantity"`
	Amount           string `json:"amount"`
	Tax              string `json:"tax,omitempty"`
	PaymentMethod    string `json:"payment_method,omitempty"`
	PaymentObject    string `json:"payment_object,omitempty"`
	NomenclatureCode string `json:"nomenclature_code,omitempty"`
}

// apiRefundRequest is the body of POST /v1/refunds; no amount refunds what
// remains.
type apiRefundRequest struct {
	OrderID  string      `json:"order_id"`
	Amount   string      `json:"amount,omitempty"`
	Currency string      `json:"currency,omitempty"`
	Reason   string      `json:"reason,omitempty"`
	Receipt  *apiReceipt `json:"receipt,omitempty"`
	// Reference is the merchant's refund reference, an idempotency key.
	Reference string            `json:"reference,omitempty"`
	Metadata  map[string]string `json:"metadata,omitempty"`
}

// apiPayoutRequest is the body of POST /v1/payouts.
type apiPayoutRequest struct {
	OrderID         string            `json:"order_id"`
	Amount          string            `json:"amount"`
	Currency        string            `json:"currency"`
	Card            *apiCard          `json:"card,omitempty"`
	NotificationURL string            `json:"notification_url,omitempty"`
	Metadata        map[string]string `json:"metadata,omitempty"`
}

// apiPayment is the reply of POST /v1/payments and GET /v1/payments/{id}.
// Card is the masked number.
type apiPayment struct {
	OrderID      string            `json:"order_id"`
	ID           string            `json:"id"`
	Status       string            `json:"status"`
	Amount       string            `json:"amount"`
	Currency     string            `json:"currency"`
	Fee          string            `json:"fee,omitempty"`
	Method       string            `json:"method,omitempty"`
	NextStep     *apiNextStep      `json:"next_step,omitempty"`
	ErrorCode    string            `json:"error_code,omitempty"`
	ErrorMessage string            `json:"error_message,omitempty"`
	Description  string            `json:"description,omitempty"`
	Card         string            `json:"card,omitempty"`
	Metadata     map[string]string `json:"metadata,omitempty"`
	Mandate      string            `json:"mandate,omitempty"`
	HeldUntil    time.Time         `json:"held_until,omitzero"`
	// ParentOrderID names the recurring parent of a charge.
	ParentOrderID string `json:"parent_order_id,omitempty"`
}

type apiNextStep struct {
	Kind   string     `json:"kind"`
	URL    string     `json:"url"`
	Fields []apiField `json:"fields,omitempty"`
}

type apiField struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// apiRefund is the reply of POST /v1/refunds and GET /v1/refunds.
type apiRefund struct {
	ID        string            `json:"id"`
	OrderID   string            `json:"order_id"`
	Status    string            `json:"status"`
	Amount    string            `json:"amount"`
	Currency  string            `json:"currency"`
	Reference string            `json:"reference,omitempty"`
	Metadata  map[string]string `json:"metadata,omitempty"`
}

// apiBalance is the reply of GET /v1/balance.
type apiBalance struct {
	Currency  string `json:"currency"`
	Available string `json:"available"`
}

// apiPayout is the reply of POST /v1/payouts and GET /v1/payouts.
type apiPayout struct {
	ID           string            `json:"id"`
	OrderID      string            `json:"order_id"`
	Status       string            `json:"status"`
	Amount       string            `json:"amount"`
	Currency     string            `json:"currency"`
	Fee          string            `json:"fee,omitempty"`
	Card         string            `json:"card,omitempty"`
	ErrorCode    string            `json:"error_code,omitempty"`
	ErrorMessage string            `json:"error_message,omitempty"`
	Metadata     map[string]string `json:"metadata,omitempty"`
}

// apiError is the body of every error reply.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

// apiErrorBody says what failed: Code is the category ("insufficient_funds",
// see errorCodes), Reason the provider's more specific code when it differs,
// Fields per-field messages.
type apiErrorBody struct {
	Code    string              `json:"code"`
	Reason  string              `json:"reason,omitempty"`
	Message string              `json:"message"`
	Fields  map[string][]string `json:"fields,omitempty"`
}

func toAPICard(c *payments.Card) *apiCard {
	if c == nil {
		return nil
	}
	return &apiCard{Number: c.Number, ExpMonth: c.ExpMonth, ExpYear: c.ExpYear, CVC: c.CVC, Holder: c.Holder}
}

func (c *apiCard) card() *payments.Card {
	if c == nil {
		return nil
	}
	return &payments.Card{Number: c.Number, ExpMonth: c.ExpMonth, ExpYear: c.ExpYear, CVC: c.CVC, Holder: c.Holder}
}

func toAPIReceipt(r *payments.Receipt) *apiReceipt {
	if r == nil {
		return nil
	}
	a := &apiReceipt{TaxSystem: r.TaxSystem, Email: r.Email, Phone: r.Phone, Items: make([]apiReceiptItem, len(r.Items))}
	for i, it := range r.Items {
		a.Items[i] = apiReceiptItem{
			Name: it.Name, Quantity: it.Quantity.String(), Amount: it.Amount.Format(), Tax: it.Tax,
			PaymentMethod: it.PaymentMethod, PaymentObject: it.PaymentObject, NomenclatureCode: it.NomenclatureCode,
		}
	}
	return a
}

// receipt parses a receipt whose amounts are in cur.
func (a *apiReceipt) receipt(cur payments.Currency) (*payments.Receipt, error) {
	if a == nil {
		return nil, nil
	}
	r := &payments.Receipt{TaxSystem: a.TaxSystem, Email: a.Email, Phone: a.Phone, Items: make([]payments.ReceiptItem, len(a.Items))}
	for i, it := range a.Items {
		q, err := decimal.NewFromString(it.Quantity)
		if err != nil {
			return nil, fmt.Errorf("receipt item %d: malformed quantity %q", i+1, it.Quantity)
		}
		m, err := payments.ParseMoney(it.Amount, cur)
		if err != nil {
			return nil, fmt.Errorf("receipt item %d: %s", i+1, errMessage(err))
		}
		r.Items[i] = payments.ReceiptItem{
			Name: it.Name, Quantity: q, Amount: m, Tax: it.Tax,
			PaymentMethod: it.PaymentMethod, PaymentObject: it.PaymentObject, NomenclatureCode: it.NomenclatureCode,
		}
	}
	return r, nil
}

func toAPIInit(req *payments.InitRequest) apiInitRequest {
	a := apiInitRequest{
		OrderID: req.OrderID, Amount: req.Amount.Format(), Currency: string(req.Amount.Currency),
		Description: req.Description, Email: req.Email, Language: req.Language,
		SuccessURL: req.SuccessURL, FailURL: req.FailURL, NotificationURL: req.NotificationURL,
		ExpiresAt: req.ExpiresAt, Metadata: req.Metadata, Receipt: toAPIReceipt(req.Receipt), Card: toAPICard(req.Card),
		Hold: req.Hold, Recurring: req.Recurring, PaymentMethod: string(req.PaymentMethod),
	}
	if b := req.Browser; b != nil {
		a.Browser = &apiBrowser{
			IP: b.IP, AcceptHeader: b.AcceptHeader, JavaEnabled: b.JavaEnabled, Language: b.Language,
			ColorDepth: b.ColorDepth, ScreenHeight: b.ScreenHeight, ScreenWidth: b.ScreenWidth,
			TZOffsetMinutes: b.TZOffsetMinutes, UserAgent: b.UserAgent, ChallengeWindowSize: b.ChallengeWindowSize,
		}
	}
	return a
}

// request parses the body of POST /v1/payments.
func (a *apiInitRequest) request() (*payments.InitRequest, error) {
	amount, err := payments.ParseMoney(a.Amount, payments.Currency(a.Currency))
	if err != nil {
		return nil, fmt.Errorf("amount: %s", errMessage(err))
	}
	receipt, err := a.Receipt.receipt(amount.Currency)
	if err != nil {
		return nil, err
	}
	req := &payments.InitRequest{
		OrderID: a.OrderID, Amount: amount, Description: a.Description, Email: a.Email, Language: a.Language,
		SuccessURL: a.SuccessURL, FailURL: a.FailURL, NotificationURL: a.NotificationURL,
		ExpiresAt: a.ExpiresAt, Metadata: a.Metadata, Receipt: receipt, Card: a.Card.card(),
		Hold: a.Hold, Recurring: a.Recurring, PaymentMethod: payments.PaymentMethod(a.PaymentMethod),
	}
	if b := a.Browser; b != nil {
		req.Browser = &payments.BrowserData{
			IP: b.IP, AcceptHeader: b.AcceptHeader, JavaEnabled: b.JavaEnabled, Language: b.Language,
			ColorDepth: b.ColorDepth, ScreenHeight: b.ScreenHeight, ScreenWidth: b.ScreenWidth,
			TZOffsetMinutes: b.TZOffsetMinutes, UserAgent: b.UserAgent, ChallengeWindowSize: b.ChallengeWindowSize,
		}
	}
	return req, nil
}

func toAPIRefundRequest(req *payments.RefundRequest) apiRefundRequest {
	a := apiRefundRequest{OrderID: req.OrderID, Reason: req.Reason, Reference: req.Reference, Metadata: req.Metadata}
	if req.Amount != nil {
		a.Amount, a.Currency = req.Amount.Format(), string(req.Amount.Currency)
	}
	if req.Receipt != nil {
		a.Receipt = toAPIReceipt(req.Receipt)
		if a.Currency == "" && len(req.Receipt.Items) > 0 {
			a.Currency = string(req.Receipt.Items[0].Amount.Currency)
		}
	}
	return a
}

// request parses the body of POST /v1/refunds.
func (a *apiRefundRequest) request() (*payments.RefundRequest, error) {
	req := &payments.RefundRequest{OrderID: a.OrderID, Reason: a.Reason, Reference: a.Reference, Metadata: a.Metadata}
	if a.Amount != "" {
		m, err := payments.ParseMoney(a.Amount, payments.Currency(a.Currency))
		if err != nil {
			return nil, fmt.Errorf("amount: %s", errMessage(err))
		}
		req.Amount = &m
	}
	var err error
	if req.Receipt, err = a.Receipt.receipt(payments.Currency(a.Currency)); err != nil {
		return nil, err
	}
	return req, nil
}

// request parses the body of POST /v1/payouts.
func (a *apiPayoutRequest) request() (*payments.WithdrawalRequest, error) {
	m, err := payments.ParseMoney(a.Amount, payments.Currency(a.Currency))
	if err != nil {
		return nil, fmt.Errorf("amount: %s", errMessage(err))
	}
	return &payments.WithdrawalRequest{OrderID: a.OrderID, Amount: m, Card: a.Card.card(), NotificationURL: a.NotificationURL, Metadata: a.Metadata}, nil
}
