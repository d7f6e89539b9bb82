package robokassa

import (
	"context"
	"encoding/base64"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
	"github.com/shopspring/decimal"
)

// Receipts after payment: the second ("settlement", "итоговый") receipt of
// RoboFiscal, https://docs.robokassa.ru/second-check, as Robokassa's
// official PHP SDK sends it (github.com/robokassa/sdk-php,
// src/Service/ReceiptService.php).

var _ payments.ReceiptSender = (*Provider)(nil)

// Paths under Config.FiscalURL.
const (
	pathReceiptAttach = "/RoboFiscal/Receipt/Attach"
	pathReceiptStatus = "/RoboFiscal/Receipt/Status"
)

// fiscalBody returns the body RoboFiscal takes
// (https://docs.robokassa.ru/second-check): B64(json) + "." +
// B64(hex(H(B64(json) + Password1))), where B64 is base64url without
// padding, H the shop's algorithm and hex lower case; the signature part is
// the base64 of the hex text, not of the digest's bytes. The documentation's
// heading says BASE64URL while its steps say base64; sdk-php
// (ReceiptService.php) encodes base64url without padding, and so does
// this. Password #1 is the live one: RoboFiscal has no test mode.
func (p *Provider) fiscalBody(jsonText []byte) string {
	b64 := base64.RawURLEncoding.EncodeToString(jsonText)
	var buf [2 * maxDigest]byte
	digest := p.cfg.Algorithm.appendHex(buf[:0], []byte(b64+p.cfg.Password1.Reveal()), false)
	return b64 + "." + base64.RawURLEncoding.EncodeToString(digest)
}

// secondReceipt is the JSON of Receipt/Attach, fields in the
// documentation's order.
type secondReceipt struct {
	MerchantID string              `json:"merchantId"`
	ID         string              `json:"id"`
	OriginID   string              `json:"originId"`
	Operation  string              `json:"operation"`
	Sno        string              `json:"sno,omitempty"`
	URL        string              `json:"url,omitempty"`
	Total      jsonNumber          `json:"total"`
	Items      []secondReceiptItem `json:"items"`
	Client     *fiscalClient       `json:"client,omitempty"`
	Payments   []fiscalPayment     `json:"payments"`
	Vats       []fiscalVat         `json:"vats"`
}

type secondReceiptItem struct {
	Name             string     `json:"name"`
	Quantity         jsonNumber `json:"quantity"`
	Sum              jsonNumber `json:"sum"`
	Tax              string     `json:"tax"`
	PaymentMethod    string     `json:"payment_method"`
	PaymentObject    string     `json:"payment_object,omitempty"`
	NomenclatureCode string     `json:"nomenclature_code,omitempty"`
}

type fiscalClient struct {
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
}

type fiscalPayment struct {
	Type int        `json:"type"`
	Sum  jsonNumber `json:"sum"`
}

type fiscalVat struct {
	Type string     `json:"type"`
	Sum  jsonNumber `json:"sum"`
}

// prepaymentOffset is payments[].type 2, the offset of the prepayment
// ("зачёт аванса"): a second receipt settles what was paid before.
const prepaymentOffset = 2

// vatShares are the VAT in a line total of each rate: a line's amount
// includes its VAT, so the tax of "vat22" is 22/122 of it, and that of
// Kazakhstan's "vat12" and "vat16" 12/112 and 16/116 (see TaxRates).
// "none" and "vat0" carry none.
var vatShares = map[string][2]int64{
	"none": {0, 1}, "vat0": {0, 1},
	"vat5": {5, 105}, "vat105": {5, 105}, "vat7": {7, 107}, "vat107": {7, 107},
	"vat10": {10, 110}, "vat110": {10, 110}, "vat20": {20, 120}, "vat120": {20, 120},
	"vat22": {22, 122}, "vat122": {22, 122},
	"vat12": {12, 112}, "vat16": {16, 116},
}

// secondReceiptJSON builds the Receipt/Attach JSON of req. Every line's
// payment_method is full_payment (the only one a second receipt takes);
// total and payments[0].sum are the lines' sum; vats hold the VAT of each
// rate in the order the rates first appear, rounded to kopecks.
func (p *Provider) secondReceiptJSON(req *payments.ReceiptRequest) ([]byte, error) {
	const op = payments.OpSendReceipt
	if _, err := parseInvID(op, req.OrderID); err != nil {
		return nil, err
	}
	if _, err := parseInvID(op, req.ReceiptID); err != nil {
		return nil, invalidf(op, "receipt id %q is not a positive integer (the second receipt's id)", req.ReceiptID)
	}
	if req.ReceiptID == req.OrderID {
		return nil, invalidf(op, "the receipt id must differ from the order id (originId)")
	}
	r := &req.Receipt
	if len(r.Items) == 0 || len(r.Items) > MaxReceiptItems {
		return nil, invalidf(op, "a receipt has 1 to %d lines", MaxReceiptItems)
	}
	out := secondReceipt{
		MerchantID: p.cfg.MerchantLogin, ID: req.ReceiptID, OriginID: req.OrderID, Operation: "sell",
		Sno: r.TaxSystem, URL: p.cfg.ShopURL,
	}
	if r.Email != "" || r.Phone != "" {
		out.Client = &fiscalClient{Email: r.Email, Phone: r.Phone}
	}
	var total decimal.Decimal
	vats := map[string]decimal.Decimal{}
	var rates []string
	for i, it := range r.Items {
		n := i + 1
		share, known := vatShares[it.Tax]
		switch {
		case it.Amount.Currency != p.cfg.Currency:
			return nil, invalidf(op, "receipt item %d is in %s, not the shop's %s", n, it.Amount.Currency, p.cfg.Currency)
		case strings.TrimSpace(it.Name) == "" || !utf8.ValidString(it.Name) || utf8.RuneCountInString(it.Name) > MaxItemName:
			return nil, invalidf(op, "receipt item %d: name must have 1 to %d characters", n, MaxItemName)
		case !it.Quantity.IsPositive() || it.Amount.Amount.IsNegative():
			return nil, invalidf(op, "receipt item %d: quantity must be positive and the amount not negative", n)
		case it.PaymentMethod != "" && it.PaymentMethod != "full_payment":
			return nil, invalidf(op, "receipt item %d: a second receipt's payment method is full_payment, not %q", n, it.PaymentMethod)
		case !known:
			return nil, invalidf(op, "receipt item %d: tax %q is not one of %s", n, it.Tax, strings.Join(TaxRates, ", "))
		case it.PaymentObject != "" && !slices.Contains(PaymentObjects, it.PaymentObject):
			return nil, invalidf(op, "receipt item %d: payment object %q is not one of %s", n, it.PaymentObject, strings.Join(PaymentObjects, ", "))
		}
		out.Items = append(out.Items, secondReceiptItem{
			Name: it.Name, Quantity: jsonNumber(it.Quantity), Sum: jsonNumber(it.Amount.Amount), Tax: it.Tax,
			PaymentMethod: "full_payment", PaymentObject: it.PaymentObject, NomenclatureCode: it.NomenclatureCode,
		})
		total = total.Add(it.Amount.Amount)
		if _, seen := vats[it.Tax]; !seen {
			rates = append(rates, it.Tax)
		}
		vats[it.Tax] = vats[it.Tax].Add(it.Amount.Amount.Mul(decimal.NewFromInt(share[0])).Div(decimal.NewFromInt(share[1])))
	}
	if !total.Equal(total.Truncate(2)) || total.GreaterThanOrEqual(decimal.New(1, 8)) {
		return nil, invalidf(op, "receipt total %s must have at most 8 integer and 2 fraction digits", total.String())
	}
	out.Total = jsonNumber(total)
	out.Payments = []fiscalPayment{{Type: prepaymentOffset, Sum: jsonNumber(total)}}
	for _, rate := range rates {
		out.Vats = append(out.Vats, fiscalVat{Type: rate, Sum: jsonNumber(vats[rate].Round(2))})
	}
	b, err := compactJSON(out)
	if err != nil {
		return nil, invalidf(op, "encoding the receipt: %v", err)
	}
	return b, nil
}

// SendReceipt sends the second ("settlement") receipt of a paid payment to
// RoboFiscal's Receipt/Attach (https://docs.robokassa.ru/second-check):
// originId is req.OrderID (the payment's InvId), id is req.ReceiptID (a new
// number, not the InvId), operation "sell", sno Receipt.TaxSystem, url
// Config.ShopURL, the lines with payment_method full_payment, the client's
// email and phone from Receipt.Email and Receipt.Phone, payments
// [{type 2 (prepayment offset), sum total}] and the VAT of each rate. The
// body is signed with Password #1 and the shop's algorithm (see the
// package documentation) and sent as application/json, as sdk-php does.
// Robokassa registers at most two receipts per payment and only for shops
// that fiscalise through it.
//
// The answer's ResultCode (a string) maps onto the receipt: "0" (accepted)
// and "1" (waiting) are payments.FiscalPending, "2" FiscalRegistered, "3"
// FiscalFailed; "1001" (bad signature) is ErrUnauthorized and a
// MerchantNotFoundException ErrUnauthorized too. "1000" (Robokassa's
// internal error), another code, an answer that does not parse and every
// transport fault after sending are payments.ErrOutcomeUnknown: the
// receipt is sent once (payments.OpSendReceipt is not resendable) and
// the Client's advice says to look it up with ReceiptStatus by the receipt
// id before anything else.
func (p *Provider) SendReceipt(ctx context.Context, req *payments.ReceiptRequest) (*payments.FiscalReceipt, error) {
	const op = payments.OpSendReceipt
	if req == nil {
		return nil, invalidf(op, "nil request")
	}
	// Only the second receipt is implemented. Robokassa also documents
	// registering a receipt after the payment ("Регистрация чека после
	// оплаты", https://docs.robokassa.ru/ru/deferred-receipt-registration:
	// pay with IsWithoutFreeSale, then call Receipt/Register) and lists
	// correction receipts ("Чеки коррекции") in its fiscalisation section,
	// but neither the URL nor the body of Receipt/Register nor any
	// correction-receipt API is published in a form this package could be
	// built and tested against (robokassa/sdk-php's ReceiptService.php has
	// Attach and Status only). The choice made: no such kind is sent; every
	// kind other than ReceiptSettlement is refused with ErrUnsupported
	// before anything is sent, rather than guessed at, as a receipt cannot
	// be taken back. An app that sets Invoice.IsWithoutFreeSale registers
	// the receipt outside this package.
	if req.Kind != payments.ReceiptSettlement {
		return nil, errorf(op, payments.ErrUnsupported, "receipt kind %q: Robokassa sends settlement (second) receipts only", req.Kind)
	}
	js, err := p.secondReceiptJSON(req)
	if err != nil {
		return nil, err
	}
	// A receipt moves no money but cannot be taken back: the exchange is
	// declared as one that may have been acted on, so that a fault after
	// sending is an unknown outcome, never a retry.
	ex := providerkit.Moving(op)
	resp, err := p.fiscalPost(ctx, pathReceiptAttach, "application/json", js, ex)
	if err != nil {
		return nil, err
	}
	return parseAttach(ex, req, resp)
}

// fiscalPost sends a signed RoboFiscal body.
func (p *Provider) fiscalPost(ctx context.Context, path, contentType string, js []byte, ex providerkit.Exchange) (*providerkit.Response, error) {
	req, err := http.NewRequest(http.MethodPost, p.cfg.FiscalURL+path, strings.NewReader(p.fiscalBody(js)))
	if err != nil {
		return nil, invalidf(ex.Op, "building request: %v", err)
	}
	req.Header.Set("Content-Type", contentType)
	return p.call(ctx, req, ex)
}

// fiscalCapabilities declares receipts after payment: OpSendReceipt,
// OpReceiptStatus and ReceiptsAfterPayment. RoboFiscal has no test mode
// (https://docs.robokassa.ru/second-check documents none, and the
// test-mode page https://docs.robokassa.ru/testing-mode does not list it),
// so the declaration does not depend on Config.TestMode; a receipt sent
// for a test payment names an InvId Robokassa's live side does not know.
func fiscalCapabilities(c *payments.Capabilities) {
	c.Operations = append(c.Operations, payments.OpSendReceipt, payments.OpReceiptStatus)
	c.ReceiptsAfterPayment = true
}
