package providerkit_test

import (
	"errors"
	"strconv"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

func TestStatusError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status    int
		readKind  error
		moneyKind error
	}{
		{200, nil, nil},
		{201, nil, nil},
		{204, nil, nil},
		{299, nil, nil},
		// An informational or redirect status is no answer to a read; after
		// a money-moving call the server may have acted (a POST carried out,
		// then redirected).
		{100, payments.ErrProtocol, payments.ErrOutcomeUnknown},
		{199, payments.ErrProtocol, payments.ErrOutcomeUnknown},
		{300, payments.ErrProtocol, payments.ErrOutcomeUnknown},
		{301, payments.ErrProtocol, payments.ErrOutcomeUnknown},
		{302, payments.ErrProtocol, payments.ErrOutcomeUnknown},
		{303, payments.ErrProtocol, payments.ErrOutcomeUnknown},
		{304, payments.ErrProtocol, payments.ErrOutcomeUnknown},
		{307, payments.ErrProtocol, payments.ErrOutcomeUnknown},
		{308, payments.ErrProtocol, payments.ErrOutcomeUnknown},
		{399, payments.ErrProtocol, payments.ErrOutcomeUnknown},
		// Refusals that say nothing was done.
		{400, payments.ErrInvalidRequest, payments.ErrInvalidRequest},
		{401, payments.ErrUnauthorized, payments.ErrUnauthorized},
		{403, payments.ErrUnauthorized, payments.ErrUnauthorized},
		{404, payments.ErrNotFound, payments.ErrNotFound},
		{409, payments.ErrDuplicate, payments.ErrDuplicate},
		{422, payments.ErrInvalidRequest, payments.ErrInvalidRequest},
		{429, payments.ErrRateLimited, payments.ErrRateLimited},
		{407, payments.ErrProtocol, payments.ErrProtocol},
		{411, payments.ErrProtocol, payments.ErrProtocol},
		{412, payments.ErrProtocol, payments.ErrProtocol},
		{414, payments.ErrProtocol, payments.ErrProtocol},
		{415, payments.ErrProtocol, payments.ErrProtocol},
		{417, payments.ErrProtocol, payments.ErrProtocol},
		{421, payments.ErrProtocol, payments.ErrProtocol},
		{425, payments.ErrProtocol, payments.ErrProtocol},
		{428, payments.ErrProtocol, payments.ErrProtocol},
		{431, payments.ErrProtocol, payments.ErrProtocol},
		// 4xx that may come after the request was read and acted on.
		{402, payments.ErrProtocol, payments.ErrOutcomeUnknown},
		{405, payments.ErrProtocol, payments.ErrOutcomeUnknown},
		{406, payments.ErrProtocol, payments.ErrOutcomeUnknown},
		{408, payments.ErrProtocol, payments.ErrOutcomeUnknown},
		{410, payments.ErrProtocol, payments.ErrOutcomeUnknown},
		{413, payments.ErrProtocol, payments.ErrOutcomeUnknown},
		{418, payments.ErrProtocol, payments.ErrOutcomeUnknown},
		{499, payments.ErrProtocol, payments.ErrOutcomeUnknown},
		{500, payments.ErrUnavailable, payments.ErrOutcomeUnknown},
		{502, payments.ErrUnavailable, payments.ErrOutcomeUnknown},
		{503, payments.ErrUnavailable, payments.ErrOutcomeUnknown},
		{504, payments.ErrUnavailable, payments.ErrOutcomeUnknown},
		{599, payments.ErrUnavailable, payments.ErrOutcomeUnknown},
	}
	for _, tt := range tests {
		for _, op := range []payments.Operation{payments.OpRefundStatus, payments.OpRefund} {
			want := tt.readKind
			if op.MovesMoney() {
				want = tt.moneyKind
			}
			err := providerkit.StatusError(ex(op), tt.status, "E42", "bad thing")
			if want == nil {
				if err != nil {
					t.Errorf("StatusError(%s, %d) = %v, want nil", op, tt.status, err)
				}
				continue
			}
			var pe *payments.Error
			if !errors.As(err, &pe) {
				t.Fatalf("StatusError(%s, %d) = %T", op, tt.status, err)
			}
			if pe.Kind != want || pe.Op != op || pe.Code != "E42" {
				t.Errorf("StatusError(%s, %d) = %+v; want Kind %v, code E42", op, tt.status, pe, want)
			}
			if got := pe.Message; got != "HTTP "+strconv.Itoa(tt.status)+": bad thing" {
				t.Errorf("Message = %q", got)
			}
		}
	}
	pe := new(payments.Error)
	if err := providerkit.StatusError(ex(payments.OpBalance), 503, "", ""); !errors.As(err, &pe) || pe.Message != "HTTP 503" || pe.Code != "" {
		t.Errorf("StatusError without message = %+v", pe)
	}
}

func TestProtocolError(t *testing.T) {
	t.Parallel()
	cause := errors.New("invalid character '<'")
	read := providerkit.ProtocolError(ex(payments.OpPaymentStatus), cause)
	wantTransportErr(t, read, payments.ErrProtocol, payments.OpPaymentStatus)
	money := providerkit.ProtocolError(ex(payments.OpInitPayment), cause)
	wantTransportErr(t, money, payments.ErrOutcomeUnknown, payments.OpInitPayment)
	for _, err := range []error{read, money} {
		if !errors.Is(err, cause) {
			t.Errorf("%v lost the parse error", err)
		}
	}
	if errors.Is(money, payments.ErrProtocol) || errors.Is(read, payments.ErrOutcomeUnknown) {
		t.Error("ProtocolError wraps both kinds")
	}
}
