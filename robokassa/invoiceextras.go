package robokassa

import "strings"

// invoiceExtras validates and sets the Invoice API fields beyond the
// documented CreateInvoice sample that robokassa/sdk-php sends
// (robokassa/sdk-php src/Service/PaymentService.php and tests/ExamplesTest.php;
// https://docs.robokassa.ru/holding, https://docs.robokassa.ru/recurring,
// https://docs.robokassa.ru/pay-interface,
// https://docs.robokassa.ru/ru/deferred-receipt-registration and
// https://docs.robokassa.ru/invoice-api): the
// expiration date, the payment aliases, IsWithoutFreeSale and the
// AdditionalParameters of holds, recurring parents, saved cards,
// ResultURL2, e-mail and test invoices.
func (p *Provider) invoiceExtras(inv *Invoice, pl *invoicePayload) error {
	const op = OpCreateInvoice
	switch {
	case inv.StepByStep && pl.InvoiceType != InvoiceOneTime:
		return invalidf(op, "a hold (StepByStep) invoice must be OneTime")
	case inv.StepByStep && (inv.Recurring || inv.Token != ""):
		return invalidf(op, "a hold (StepByStep) invoice takes neither Recurring nor Token")
	case inv.StepByStep && inv.ResultURL2 == "":
		return invalidf(op, "a hold (StepByStep) invoice needs ResultURL2: Robokassa reports holds only there")
	case inv.Recurring && inv.Token != "":
		return invalidf(op, "a saved-card (Token) invoice cannot be a recurring parent")
	case inv.Token != "" && (hasSpaceOrControl(inv.Token) || strings.IndexByte(inv.Token, ':') >= 0):
		return invalidf(op, "Token must not contain spaces, control characters or ':'")
	case inv.ResultURL2 != "" && !validURL2(inv.ResultURL2):
		return invalidf(op, "ResultURL2 %q is not an absolute http(s) URL", inv.ResultURL2)
	case inv.Email != "" && (!strings.Contains(inv.Email, "@") || hasSpaceOrControl(inv.Email)):
		return invalidf(op, "e-mail %q is not an address", inv.Email)
	case inv.IsTest && p.cfg.TestPassword1 == "":
		return invalidf(op, "a test invoice needs Config.TestPassword1")
	case inv.IsWithoutFreeSale && (len(pl.InvoiceItems) > 0):
		return invalidf(op, "IsWithoutFreeSale is for invoices without receipt lines")
	}
	for _, a := range inv.Aliases {
		if a == "" || hasSpaceOrControl(a) {
			return invalidf(op, "payment alias %q is not an alias", a)
		}
	}
	if !inv.ExpirationDate.IsZero() {
		pl.ExpirationDate = inv.ExpirationDate.Format(expirationLayout)
	}
	pl.Aliases = inv.Aliases
	pl.IsWithoutFreeSale = inv.IsWithoutFreeSale
	ap := additionalParameters{
		StepByStep: boolText(inv.StepByStep),
		Recurring:  boolText(inv.Recurring),
		Token:      inv.Token,
		ResultURL2: inv.ResultURL2,
		Email:      inv.Email,
	}
	if inv.IsTest {
		ap.IsTest = "1"
	}
	if ap != (additionalParameters{}) {
		pl.AdditionalParams = &ap
	}
	return nil
}
