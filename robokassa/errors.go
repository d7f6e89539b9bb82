package robokassa

import (
	"context"
	"fmt"
	"net/http"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// Name is the provider's name in errors, logs and webhook de-duplication
// keys.
const Name = "robokassa"

// Operations of this package's own API, used as payments.Error.Op for the
// calls the portable API does not have.
const (
	OpCreateInvoice     payments.Operation = "robokassa.create_invoice"      // Provider.CreateInvoice
	OpDeactivateInvoice payments.Operation = "robokassa.deactivate_invoice"  // Provider.DeactivateInvoice
	OpListInvoices      payments.Operation = "robokassa.list_invoices"       // Provider.ListInvoices
	OpGetCurrencies     payments.Operation = "robokassa.get_currencies"      // Provider.Currencies
	OpPaymentMethods    payments.Operation = "robokassa.get_payment_methods" // Provider.PaymentMethods
	OpPaymentLink       payments.Operation = "robokassa.payment_link"        // Provider.PaymentURL, PaymentForm
	OpSplitLink         payments.Operation = "robokassa.split_link"          // Provider.SplitURL, SplitForm
	OpVerifySuccess     payments.Operation = "robokassa.verify_success_url"  // Provider.VerifySuccessURL
	OpParseFail         payments.Operation = "robokassa.parse_fail_url"      // Provider.ParseFailURL
)

// newError returns a *payments.Error of kind with Robokassa's code and
// message.
func newError(op payments.Operation, kind error, code, message string) *payments.Error {
	return &payments.Error{Op: op, Provider: Name, Kind: kind, Code: code, Message: message}
}

// errorf returns a *payments.Error of kind whose message is formatted.
func errorf(op payments.Operation, kind error, format string, args ...any) *payments.Error {
	return &payments.Error{Op: op, Provider: Name, Kind: kind, Message: fmt.Sprintf(format, args...)}
}

func invalidf(op payments.Operation, format string, args ...any) *payments.Error {
	return errorf(op, payments.ErrInvalidRequest, format, args...)
}

// call sends req, the exchange ex, and reads the response through the
// shared transport policy (providerkit.Do): ex says whether the request may
// move money, and names the operation in errors.
func (p *Provider) call(ctx context.Context, req *http.Request, ex providerkit.Exchange) (*providerkit.Response, error) {
	resp, err := providerkit.Do(ctx, p.cfg.HTTPClient, req, ex)
	if err != nil {
		return nil, providerkit.Stamp(Name, ex.Op, err)
	}
	return resp, nil
}

// protocolError classifies a response of ex that cannot be understood.
func protocolError(ex providerkit.Exchange, err error) error {
	return providerkit.Stamp(Name, ex.Op, providerkit.ProtocolError(ex, err))
}

// statusError classifies a non-2xx response of ex without a body we
// understand.
func statusError(ex providerkit.Exchange, status int, message string) error {
	return providerkit.Stamp(Name, ex.Op, providerkit.StatusError(ex, status, "", message))
}
