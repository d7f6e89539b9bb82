package tbank

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// SBP (Система быстрых платежей) payments by QR code, as documented under
// the tag «СБП» and the paths /v2/GetQr and /v2/SbpPayTest of «Прием
// платежей» (https://www.tbank.ru/kassa/dev/payments/index.html).

// sbpMinKopecks is the smallest SBP payment: 10 RUB («СБП»: "минимальная
// сумма 10 рублей").
const sbpMinKopecks = 1000

// RawQRPayload is the key of Payment.Raw under which InitPayment of an SBP
// payment (InitRequest.PaymentMethod = payments.MethodSBP) keeps the QR
// payload GetQr returned (its Data with DataType PAYLOAD): an SBP link such
// as https://qr.nspk.ru/AS1000… that a desktop page shows as a QR code
// for the buyer's phone to scan, and that a phone opens in the buyer's
// bank app. It is also the URL of Payment.NextStep.
const RawQRPayload = "QrPayload"

// OpSBPPayTest names Provider.SBPPayTest in its errors. It is not an
// operation of the portable API.
const OpSBPPayTest payments.Operation = "sbp_pay_test"

// checkSBP refuses what T-Bank does not do with SBP before anything is
// sent: SBP payments are one-stage only («СБП»: "только одностадийная
// оплата"), so a hold is errors.ErrUnsupported; SBP recurring payments
// use other methods (AddAccountQr, ChargeQr) than a card's RebillId, so a
// recurring parent is errors.ErrUnsupported too; an amount under 10 RUB
// is payments.ErrInvalidRequest.
func checkSBP(req *payments.InitRequest) error {
	if req.PaymentMethod != payments.MethodSBP {
		return nil
	}
	switch {
	case req.Hold:
		return payments.NewError(errors.ErrUnsupported, "", "tbank: SBP payments are one-stage only: T-Bank does not hold them (InitRequest.Hold)")
	case req.Recurring:
		return payments.NewError(errors.ErrUnsupported, "", "tbank: SBP payments cannot be recurring parents (InitRequest.Recurring)")
	}
	if kop, ok := req.Amount.MinorUnits(); ok && req.Amount.Currency == payments.RUB && kop < sbpMinKopecks {
		return payments.NewError(payments.ErrInvalidRequest, "", "tbank: an SBP payment is at least 10.00 RUB")
	}
	return nil
}

// sbpQR completes InitPayment of an SBP payment: GetQr (DataType PAYLOAD)
// for the session pay that Init created, and a GET redirect to the
// payload. pay is returned with NextStep, Method "SBP" and
// Raw[RawQRPayload] set.
//
// GetQr is a read: it moves no money, and a fault in it is never
// payments.ErrOutcomeUnknown. Its failure is returned with the kind of
// the failure (payments.ErrUnavailable for a transport fault, a 5xx or an
// internal error code; errors.ErrUnsupported when SBP is off for the
// terminal, codes 3001 and 3019; ...) and a message naming the PaymentId:
// the session exists at T-Bank, in status NEW, but nobody was given a QR
// code or link to pay it with, so it expires unpaid. InitPayment may be
// called again with the same order id: T-Bank keeps several sessions per
// OrderId, and lookups by order id choose the newest among equals.
func (p *Provider) sbpQR(ctx context.Context, pay *payments.Payment) (*payments.Payment, error) {
	ex := providerkit.Read(payments.OpInitPayment)
	a, err := p.call(ctx, ex, "GetQr", map[string]any{"PaymentId": idValue(pay.ID), "DataType": "PAYLOAD"})
	if err == nil {
		var payload string
		payload, err = qrPayload(ex, pay.ID, a)
		if err == nil {
			pay.NextStep = payments.NextStep{Kind: payments.NextRedirect, URL: payload}
			pay.Method = "SBP"
			pay.Raw[RawQRPayload] = payload
			return pay, nil
		}
	}
	return nil, qrFailed(pay.ID, err)
}

// qrFailed reports a GetQr failure after Init created payment id: an
// *payments.Error keeps its kind and code with the payment named in its
// message; anything else (a context error) becomes ErrUnavailable with it
// as the cause, so that the Client does not take it for an unknown
// outcome of a money-moving call.
func qrFailed(id string, err error) error {
	msg := "payment " + id + " was created (status NEW) but GetQr gave no SBP QR code: no money moved, and the session expires unpaid"
	if pe, ok := err.(*payments.Error); ok {
		cp := *pe
		if cp.Message != "" {
			msg += ": " + cp.Message
		}
		cp.Message = msg
		return &cp
	}
	return &payments.Error{Kind: payments.ErrUnavailable, Message: msg, Err: err}
}

// qrPayload reads GetQr's answer a for payment id: its PaymentId, when
// present, must be id, and Data must be an absolute http(s) URL without
// user information (the buyer's browser is sent there). Anything else is
// a protocol error.
func qrPayload(ex providerkit.Exchange, id string, a answer) (string, error) {
	if got := a.text("PaymentId"); got != "" && got != id {
		return "", providerkit.ProtocolError(ex, errors.New("a GetQr answer for another payment"))
	}
	data := a.text("Data")
	u, err := url.Parse(data)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil ||
		strings.ContainsAny(data, " \t\r\n<>\"'`\\") {
		return "", providerkit.ProtocolError(ex, errors.New("a GetQr answer whose Data is not an http(s) URL"))
	}
	return data, nil
}

// idValue is a PaymentId as GetQr and SbpPayTest take it: a JSON number
// when it is one (their schemas say integer), a string otherwise. The
// Token covers the same digits either way.
func idValue(id string) any {
	if _, ok := atoi64(id); ok && id[0] != '0' {
		return json.Number(id)
	}
	return id
}

// QRImage returns the SBP QR code of a payment as an SVG image (GetQr with
// DataType IMAGE), for a desktop page that would rather show T-Bank's
// picture than draw Payment.Raw[RawQRPayload] itself. paymentID is
// Payment.ID. It moves no money.
func (p *Provider) QRImage(ctx context.Context, paymentID string) (string, error) {
	ex := providerkit.Read(payments.OpPaymentStatus)
	if paymentID == "" {
		return "", providerkit.Stamp(Name, ex.Op, payments.NewError(payments.ErrInvalidRequest, "", "tbank: a payment id is required"))
	}
	a, err := p.call(ctx, ex, "GetQr", map[string]any{"PaymentId": idValue(paymentID), "DataType": "IMAGE"})
	if err == nil {
		if got := a.text("PaymentId"); got != "" && got != paymentID {
			err = providerkit.ProtocolError(ex, errors.New("a GetQr answer for another payment"))
		} else if svg := a.text("Data"); !strings.Contains(svg, "<svg") {
			err = providerkit.ProtocolError(ex, errors.New("a GetQr IMAGE answer without an SVG image"))
		} else {
			return svg, nil
		}
	}
	return "", providerkit.Stamp(Name, ex.Op, err)
}

// SBPTestResult is what SBPPayTest asks T-Bank to play.
type SBPTestResult int

// The results /v2/SbpPayTest plays.
const (
	// SBPTestPaid: the buyer pays; the payment becomes CONFIRMED.
	SBPTestPaid SBPTestResult = iota
	// SBPTestRejected (IsRejected): the payment becomes REJECTED.
	SBPTestRejected
	// SBPTestExpired (IsDeadlineExpired): the payment becomes
	// DEADLINE_EXPIRED.
	SBPTestExpired
)

// SBPPayTest plays the buyer's side of an SBP payment on a DEMO terminal
// (POST /v2/SbpPayTest; T-Bank tests SBP only with a DEMO terminal on the
// production URL): paid, rejected or expired, after which the payment's
// status (PaymentStatus) and notification follow. paymentID is
// Payment.ID of an SBP payment whose QR was issued. A fault after sending
// is payments.ErrOutcomeUnknown: look the payment up.
func (p *Provider) SBPPayTest(ctx context.Context, paymentID string, r SBPTestResult) error {
	ex := providerkit.Moving(OpSBPPayTest)
	body := map[string]any{"PaymentId": idValue(paymentID)}
	switch r {
	case SBPTestPaid:
	case SBPTestRejected:
		body["IsRejected"] = true
	case SBPTestExpired:
		body["IsDeadlineExpired"] = true
	default:
		return providerkit.Stamp(Name, ex.Op, payments.NewError(payments.ErrInvalidRequest, "", "tbank: unknown SBPTestResult"))
	}
	if paymentID == "" {
		return providerkit.Stamp(Name, ex.Op, payments.NewError(payments.ErrInvalidRequest, "", "tbank: a payment id is required"))
	}
	_, err := p.call(ctx, ex, "SbpPayTest", body)
	return providerkit.Stamp(Name, ex.Op, err)
}
