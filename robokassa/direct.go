package robokassa

import (
	"errors"

	"github.com/paykit/payments"
)

// pathDirect is DirectPayment, the payment page with a preselected method
// (https://docs.robokassa.ru/ru/direct-payment).
const pathDirect = "/Merchant/Payment/DirectPayment"

// directLabels maps the portable payment-method hints onto the
// IncCurrLabel values DirectPayment takes: exactly one of SBP, SberPay,
// Podeli, OTP, YandexPaySplit and Mokka
// (https://docs.robokassa.ru/ru/direct-payment). The method must be
// enabled for the shop and the amount within its limits (GetCurrencies).
//
// payments.MethodCard is not declared: DirectPayment does not take a card
// label, and on Index.aspx the card label (BankCardPSR, ...) differs from
// shop to shop (Provider.Currencies lists them). An app that wants the card
// form preselected sets Link.IncCurrLabel to its shop's label itself; the
// portable hint is refused (errors.ErrUnsupported) rather than silently
// ignored.
//
// payments.MethodSBP goes through DirectPayment (IncCurrLabel=SBP), which
// shows the SBP QR code and a "choose bank" link itself. Robokassa's SBP
// QR widget (https://docs.robokassa.ru/ru/sbp-qr-payment,
// Robokassa.pay.startOp in robokassa-iframe-badge.js) is not implemented:
// it runs in the buyer's browser, and its signature is documented as MD5
// (merchantLogin:outSum[:invId][:receipt]:Password1) without saying what
// a shop set to another algorithm signs with. DirectPayment is signed
// like Index.aspx, with the shop's algorithm, so the question does not
// arise.
var directLabels = map[payments.PaymentMethod]string{
	payments.MethodSBP:            "SBP",
	payments.MethodSberPay:        "SberPay",
	payments.MethodPodeli:         "Podeli",
	payments.MethodOTP:            "OTP",
	payments.MethodYandexPaySplit: "YandexPaySplit",
	payments.MethodMokka:          "Mokka",
}

// directMethods are the declared payment methods, in the order of
// payments.PaymentMethods.
func directMethods() []payments.PaymentMethod {
	var out []payments.PaymentMethod
	for _, m := range payments.PaymentMethods() {
		if _, ok := directLabels[m]; ok {
			out = append(out, m)
		}
	}
	return out
}

// applyLifecycle sets on l what req asks beyond a one-step payment: a hold
// (StepByStep, with its ResultUrl2), a recurring parent, a payment-method
// hint (DirectPayment with IncCurrLabel). A hold's ResultUrl2 is
// req.NotificationURL, or Config.ResultURL2 when the request has none.
//
// A hold is StepByStep=true, signed as the literal true after Receipt and
// before ResultUrl2 (https://docs.robokassa.ru/holding/; the order
// …:Receipt:StepByStep:ResultUrl2:… of https://docs.robokassa.ru/pay-interface/,
// as robokassa/cms-wordpress and cms-opencart build it). Robokassa sends
// the notice of a hold only to ResultUrl2, so a hold without one (neither
// NotificationURL nor Config.ResultURL2) is refused. Holds work with bank
// cards only, so a hold with a method hint is refused too.
//
// A recurring parent is Recurring=true, not signed (robokassa/sdk-php's
// parent test: md5("login:5:154:p1")).
//
// Open question: DirectPayment's signature
// formula is not published. The choice made: the same parameters and
// signature as Index.aspx, with IncCurrLabel unsigned as it is there (the
// docs call it "a signed request" of the payment interface's parameters);
// if Robokassa turns out to sign IncCurrLabel here, only this function and
// the base string change. DirectPayment has no test mode, so a hint in test
// mode is refused with errors.ErrUnsupported.
func (p *Provider) applyLifecycle(req *payments.InitRequest, l *Link) error {
	const op = payments.OpInitPayment
	if req.Hold {
		if l.ResultURL2 == "" {
			l.ResultURL2 = req.NotificationURL
		}
		if l.ResultURL2 == "" {
			l.ResultURL2 = p.cfg.ResultURL2
		}
		switch {
		case p.cfg.TestMode:
			return errorf(op, errors.ErrUnsupported, "Robokassa does not confirm or cancel holds in test mode, and sends no hold notice there (Config.TestMode)")
		case l.ResultURL2 == "":
			return invalidf(op, "a hold needs a ResultUrl2 (InitRequest.NotificationURL or Config.ResultURL2): Robokassa reports holds only there")
		case req.PaymentMethod != "":
			return invalidf(op, "Robokassa holds bank card payments only; a hold takes no payment-method hint")
		}
		l.StepByStep = true
	}
	if req.Recurring {
		switch {
		case p.cfg.TestMode:
			return errTestMode(op, "recurring payments")
		case req.PaymentMethod != "":
			return invalidf(op, "a Robokassa recurring parent is a bank card payment; it takes no payment-method hint")
		}
		l.Recurring = true
	}
	if req.PaymentMethod != "" {
		label, ok := directLabels[req.PaymentMethod]
		switch {
		case !req.PaymentMethod.Valid():
			return invalidf(op, "unknown payment method %q", string(req.PaymentMethod))
		case !ok:
			return errorf(op, errors.ErrUnsupported, "Robokassa cannot preselect payment method %q", string(req.PaymentMethod))
		case p.cfg.TestMode:
			return errTestMode(op, "DirectPayment (payment-method hints)")
		}
		l.IncCurrLabel = label
		l.DirectPayment = true
	}
	return nil
}

// lifecycleCapabilities adds what Robokassa does beyond one-step payments:
// holds (InitRequest.Hold; Capture in full or in part, with a changed
// receipt; Cancel) kept for HoldPeriod, recurring parents and their
// charges (InitRequest.Recurring; Charge, without a mandate id: the parent
// is named by its order id), and the payment-method hints DirectPayment
// takes. None of them exists in Robokassa's test mode, so a test-mode
// provider declares none and the Client refuses them with
// errors.ErrUnsupported.
func (p *Provider) lifecycleCapabilities(c *payments.Capabilities) {
	if p.cfg.TestMode {
		return
	}
	c.Operations = append(c.Operations, payments.OpCapture, payments.OpCancel, payments.OpCharge)
	c.Holds = true
	c.HoldPeriod = HoldPeriod
	c.PartialCapture = true
	c.CaptureReceipts = true
	c.Recurring = true
	c.PaymentMethods = directMethods()
}
