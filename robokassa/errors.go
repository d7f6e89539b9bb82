package robokassa

import (
	"context"
	"fmt"
	"net/http"

	"github.com/paykit/payments"
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

// stamp sets Op and Provider on an error from the payments helpers (DoHTTP,
// StatusError, ProtocolError), so that errors from this package's own API
// name their operation. Context errors pass through.
func stamp(op payments.Operation, err error) error {
	if pe, ok := err.(*payments.Error); ok {
		cp := *pe
		cp.Op = op
		cp.Provider = Name
		return &cp
	}
	return err
}

// call sends req and reads the response through the shared transport policy.
// class is the portable operation that decides how transport faults are
// classified (a read or a money-moving operation); op names the call in
// errors.
func (p *Provider) call(ctx context.Context, req *http.Request, class, op payments.Operation) (*payments.HTTPResponse, error) {
	resp, err := payments.DoHTTP(ctx, p.cfg.HTTPClient, req, class, 0)
	if err != nil {
		return nil, stamp(op, err)
	}
	return resp, nil
}

// protocolError classifies a response that cannot be understood.
func protocolError(class, op payments.Operation, err error) error {
	return stamp(op, payments.ProtocolError(class, err))
}

// statusError classifies a non-2xx response without a body we understand.
func statusError(class, op payments.Operation, status int, message string) error {
	return stamp(op, payments.StatusError(class, status, "", message))
}
