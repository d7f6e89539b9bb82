package robokassa

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// Paths of the hold (two-step payment) and recurring requests under
// Config.AuthURL (https://docs.robokassa.ru/holding/,
// https://docs.robokassa.ru/recurring/).
const (
	pathConfirm   = "/Merchant/Payment/Confirm"
	pathCancel    = "/Merchant/Payment/Cancel"
	pathRecurring = "/Merchant/Recurring"
)

// HoldPeriod is how long Robokassa keeps a hold: "the longest a hold can
// last is 7 days; after that the operation is cancelled automatically"
// (https://docs.robokassa.ru/holding/). Robokassa's official WordPress
// module cancels unconfirmed holds itself after 5 days
// (github.com/robokassa/cms-wordpress, wp_robokassa.php); capture well
// before the end of the period.
const HoldPeriod = 7 * 24 * time.Hour

// CaptureAdvice is the Advice of an error wrapping ErrOutcomeUnknown from
// Capture: Robokassa's Confirm answer only says whether the request was
// accepted, and the state tells what happened (robokassa/sdk-php's
// PaymentService docblock: check OpStateExt, do not retry blindly).
const CaptureAdvice = "Robokassa may have captured this hold. Look the payment up by its order id (PaymentStatus, " +
	"Robokassa's OpStateExt) before anything else: state 100 (succeeded) means it was captured, 20 (authorized) " +
	"that it is still held and the capture was not made (look again a little later before capturing), 10 " +
	"(canceled) that the hold was cancelled. Never send the capture again blindly: Robokassa confirms a hold once."

// CancelAdvice is the Advice of an error wrapping ErrOutcomeUnknown from
// Cancel.
const CancelAdvice = "Robokassa may have cancelled this hold. Look the payment up by its order id (PaymentStatus, " +
	"Robokassa's OpStateExt): state 10 (canceled) means it was cancelled, 20 (authorized) that it is still held " +
	"and the cancel was not made, 100 (succeeded) that it was captured. Robokassa sends no notification of a " +
	"cancel, so the lookup is the only way to know; never send it again blindly."

// errTestMode is the error of a lifecycle request in test mode, which
// Robokassa does not support: robokassa/sdk-php refuses hold confirmation
// and cancellation, recurring charges and DirectPayment in test mode
// ("Hold confirmation and cancellation are not supported in test mode",
// "Recurring payments are not supported in test mode";
// https://docs.robokassa.ru/ru/direct-payment: no test mode).
func errTestMode(op payments.Operation, what string) error {
	return errorf(op, errors.ErrUnsupported, "Robokassa does not support %s in test mode (Config.TestMode)", what)
}

// withAdvice sets advice on an error wrapping ErrOutcomeUnknown.
func withAdvice(err error, op payments.Operation, advice string) error {
	if err == nil || !errors.Is(err, payments.ErrOutcomeUnknown) {
		return err
	}
	var pe *payments.Error
	if errors.As(err, &pe) && err == error(pe) {
		cp := *pe
		cp.Advice = advice
		return &cp
	}
	return &payments.Error{Op: op, Provider: Name, Kind: payments.ErrOutcomeUnknown, Err: err, Advice: advice}
}

// Capture captures a held payment (payments.Capturer) through
// Merchant/Payment/Confirm (https://docs.robokassa.ru/holding/).
//
// It first reads the payment's state through OpStateExt (a read: a fault
// there is ErrUnavailable and nothing is captured) and refuses with
// ErrInvalidState, before sending anything, a payment that is not held
// (state 20): never held, captured already (100), cancelled or expired
// (10). req.Amount, when set, must be in the shop's currency and no more
// than the held amount OpStateExt reports (its OutSum), else
// ErrInvalidState; nil captures that held amount. A receipt is the changed
// receipt Robokassa takes with the capture; its lines must add up to the
// captured amount.
//
// The request is MerchantLogin, InvoiceID, OutSum, optional Receipt and
// SignatureValue = H(MerchantLogin:OutSum:InvoiceID[:Receipt]:Password1).
// Robokassa answers only whether it accepted the request; the result
// arrives later on ResultURL (and ResultUrl2), so the payment is returned
// with status processing and the captured amount. "success: false" is
// ErrInvalidState. An error wrapping ErrOutcomeUnknown carries
// CaptureAdvice. In test mode Capture returns an error wrapping
// errors.ErrUnsupported, as Robokassa has no holds there.
//
// Open question: whether ResultURL reports the
// reduced OutSum after a partial capture is not documented; this package
// verifies a ResultURL over whatever OutSum it carries and reports that
// amount, so an app should compare it with what it captured, not with the
// hold. A capture above the hold is never sent.
func (p *Provider) Capture(ctx context.Context, req *payments.CaptureRequest) (*payments.Payment, error) {
	pay, err := p.capture(ctx, req)
	return pay, withAdvice(err, payments.OpCapture, CaptureAdvice)
}

func (p *Provider) capture(ctx context.Context, req *payments.CaptureRequest) (*payments.Payment, error) {
	const op = payments.OpCapture
	if req == nil {
		return nil, invalidf(op, "nil request")
	}
	inv, err := parseInvID(op, req.OrderID)
	if err != nil {
		return nil, err
	}
	if p.cfg.TestMode {
		return nil, errTestMode(op, "confirming holds")
	}
	if req.Amount != nil {
		if req.Amount.Currency != p.cfg.Currency {
			return nil, invalidf(op, "capture in %s; the shop's currency is %s", req.Amount.Currency, p.cfg.Currency)
		}
		if _, ok := appendOutSum(nil, req.Amount.Amount); !ok {
			return nil, invalidf(op, "capture amount must be positive with at most two decimals")
		}
	}
	var receipt *Receipt
	if req.Receipt != nil {
		receipt = receiptFromCore(req.Receipt)
		if err := receipt.Validate(); err != nil {
			return nil, providerkit.Stamp(Name, op, err)
		}
	}
	held, st, err := p.heldAmount(ctx, op, inv)
	if err != nil {
		return nil, err
	}
	amount := held
	if req.Amount != nil {
		if !held.IsZero() && req.Amount.Amount.GreaterThan(held.Amount) {
			return nil, newError(op, payments.ErrInvalidState, strconv.Itoa(st.StateCode),
				"capture of "+req.Amount.Format()+" is more than the "+held.Format()+" held")
		}
		amount = *req.Amount
	}
	if amount.IsZero() {
		return nil, newError(op, payments.ErrProtocol, "", "OpStateExt did not report the held amount; give CaptureRequest.Amount")
	}
	outSum, _ := appendOutSum(nil, amount.Amount)
	var receiptField string
	if receipt != nil {
		if !receipt.Total().Equal(amount.Amount) {
			return nil, invalidf(op, "receipt items add up to %s, the capture is %s", receipt.Total().String(), string(outSum))
		}
		if receiptField, err = p.receiptField(receipt); err != nil {
			return nil, providerkit.Stamp(Name, op, err)
		}
	}
	id := strconv.FormatInt(inv, 10)
	sig := p.sign1(confirmBase(p.cfg.MerchantLogin, string(outSum), id, receiptField, p.cfg.Password1.Reveal()))
	f := formBody{}
	f.add("MerchantLogin", p.cfg.MerchantLogin)
	f.add("InvoiceID", id)
	f.add("OutSum", string(outSum))
	f.opt("Receipt", receiptField)
	f.add("SignatureValue", sig)
	if err := p.holdRequest(ctx, pathConfirm, f.String(), providerkit.Moving(op), "capture"); err != nil {
		return nil, err
	}
	return &payments.Payment{
		OrderID: req.OrderID,
		Status:  payments.StatusProcessing,
		Amount:  amount,
		Method:  st.PaymentMethod,
		Raw:     map[string]string{"InvId": id, "OutSum": string(outSum)},
	}, nil
}

// Cancel cancels (voids) a held payment (payments.Canceler) through
// Merchant/Payment/Cancel (https://docs.robokassa.ru/holding/). As Capture
// it reads the state through OpStateExt first and refuses a payment that
// is not held with ErrInvalidState, before sending anything. The request
// sends OutSum (the held amount) but does not sign it: SignatureValue =
// H(MerchantLogin::InvoiceID:Password1), with the empty field between the
// colons. Robokassa sends no notification of a cancel; the payment is
// returned with status processing until OpStateExt reports 10 (canceled).
// "success: false" is ErrInvalidState; an error wrapping ErrOutcomeUnknown
// carries CancelAdvice; test mode is errors.ErrUnsupported.
func (p *Provider) Cancel(ctx context.Context, req *payments.CancelRequest) (*payments.Payment, error) {
	pay, err := p.cancel(ctx, req)
	return pay, withAdvice(err, payments.OpCancel, CancelAdvice)
}

func (p *Provider) cancel(ctx context.Context, req *payments.CancelRequest) (*payments.Payment, error) {
	const op = payments.OpCancel
	if req == nil {
		return nil, invalidf(op, "nil request")
	}
	inv, err := parseInvID(op, req.OrderID)
	if err != nil {
		return nil, err
	}
	if p.cfg.TestMode {
		return nil, errTestMode(op, "cancelling holds")
	}
	held, st, err := p.heldAmount(ctx, op, inv)
	if err != nil {
		return nil, err
	}
	if held.IsZero() {
		return nil, newError(op, payments.ErrProtocol, "", "OpStateExt did not report the held amount")
	}
	outSum, _ := appendOutSum(nil, held.Amount)
	id := strconv.FormatInt(inv, 10)
	sig := p.sign1(cancelBase(p.cfg.MerchantLogin, id, p.cfg.Password1.Reveal()))
	f := formBody{}
	f.add("MerchantLogin", p.cfg.MerchantLogin)
	f.add("InvoiceID", id)
	f.add("OutSum", string(outSum))
	f.add("SignatureValue", sig)
	if err := p.holdRequest(ctx, pathCancel, f.String(), providerkit.Moving(op), "cancel"); err != nil {
		return nil, err
	}
	return &payments.Payment{
		OrderID: req.OrderID,
		Status:  payments.StatusProcessing,
		Amount:  held,
		Method:  st.PaymentMethod,
		Raw:     map[string]string{"InvId": id},
	}, nil
}

// heldAmount reads invoice inv through OpStateExt as a read step of op and
// returns the held amount (zero if not reported), or ErrInvalidState when
// the payment is not held.
func (p *Provider) heldAmount(ctx context.Context, op payments.Operation, inv int64) (payments.Money, *OperationState, error) {
	st, err := p.opState(ctx, inv, op)
	if err != nil {
		return payments.Money{}, nil, err
	}
	if st.StateCode != StateHeld {
		return payments.Money{}, nil, newError(op, payments.ErrInvalidState, strconv.Itoa(st.StateCode),
			"order "+strconv.FormatInt(inv, 10)+" is not held: OpStateExt reports state "+strconv.Itoa(st.StateCode)+
				" ("+string(st.Status)+")")
	}
	return st.OutSum, st, nil
}

// confirmBase is the base string of a Confirm request:
// MerchantLogin:OutSum:InvoiceID[:Receipt]:Password1
// (https://docs.robokassa.ru/holding/).
func confirmBase(login, outSum, invID, receipt, password string) string {
	b := login + ":" + outSum + ":" + invID
	if receipt != "" {
		b += ":" + receipt
	}
	return b + ":" + password
}

// cancelBase is the base string of a Cancel request,
// MerchantLogin::InvoiceID:Password1: OutSum is sent but not signed
// (https://docs.robokassa.ru/holding/).
func cancelBase(login, invID, password string) string {
	return login + "::" + invID + ":" + password
}

// sign1 returns the lower-case hex signature of a base string that holds
// a password, as robokassa/sdk-php sends it in Confirm, Cancel and
// Recurring requests (its tests' wire bodies).
func (p *Provider) sign1(base string) string {
	b := []byte(base)
	sig := string(p.cfg.Algorithm.appendHex(nil, b, false))
	clear(b)
	return sig
}

// receiptField returns a receipt as the value of a Receipt field, encoded
// as Config.ReceiptEncoding says; the signature covers this value.
func (p *Provider) receiptField(r *Receipt) (string, error) {
	js, err := r.JSON()
	if err != nil {
		return "", err
	}
	if p.cfg.ReceiptEncoding == ReceiptURLEncoded {
		return url.QueryEscape(js), nil
	}
	return js, nil
}

// formBody builds an application/x-www-form-urlencoded body with its
// fields in the order given (the order robokassa/sdk-php sends).
type formBody struct{ b strings.Builder }

func (f *formBody) add(name, value string) {
	if f.b.Len() > 0 {
		f.b.WriteByte('&')
	}
	f.b.WriteString(url.QueryEscape(name))
	f.b.WriteByte('=')
	f.b.WriteString(url.QueryEscape(value))
}

func (f *formBody) opt(name, value string) {
	if value != "" {
		f.add(name, value)
	}
}

func (f *formBody) String() string { return f.b.String() }

// replyLimit bounds the answers of Confirm, Cancel and Recurring, which are
// a few bytes long.
const replyLimit = 64 << 10

// postForm posts a form body to path under AuthURL as the exchange ex.
func (p *Provider) postForm(ctx context.Context, path, body string, ex providerkit.Exchange) (*providerkit.Response, error) {
	req, err := http.NewRequest(http.MethodPost, p.cfg.AuthURL+path, strings.NewReader(body))
	if err != nil {
		return nil, invalidf(ex.Op, "building request: %v", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	ex.Limit = replyLimit
	return p.call(ctx, req, ex)
}

// holdRequest posts a Confirm or Cancel form and judges the answer.
func (p *Provider) holdRequest(ctx context.Context, path, body string, ex providerkit.Exchange, what string) error {
	resp, err := p.postForm(ctx, path, body, ex)
	if err != nil {
		return err
	}
	if err := statusError(ex, resp.StatusCode, replyText(resp.Body)); err != nil {
		return err
	}
	accepted, ok := parseHoldReply(resp.Body)
	switch {
	case !ok:
		return protocolError(ex, errors.New("unexpected "+what+" answer "+quote(replyText(resp.Body))))
	case !accepted:
		return newError(ex.Op, payments.ErrInvalidState, "success: false",
			"Robokassa did not accept the "+what+"; look the payment up (OpStateExt) to see its state")
	}
	return nil
}
