package providerkit

import "github.com/paykit/payments"

// Stamp names the provider and the operation on err, for the errors a
// provider's exported methods return: a *payments.Error is copied with Op
// set to op and Provider to provider, so that an error made by a helper
// (Do, StatusError, ReadForm, payments.NewError) or by a step of another
// operation names the call the caller made. Any other error, such as a bare
// context error or an error wrapping a *payments.Error further, is returned
// as is; payments.Client stamps those. Stamp(provider, op, nil) is nil.
func Stamp(provider string, op payments.Operation, err error) error {
	pe, ok := err.(*payments.Error)
	if !ok {
		return err
	}
	cp := *pe
	cp.Op = op
	cp.Provider = provider
	return &cp
}
