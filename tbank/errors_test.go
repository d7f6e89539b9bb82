package tbank

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/paykit/payments"
)

// TestErrorCodes: answers with HTTP 200 and Success false become the kind
// of their ErrorCode («Коды ошибок», https://www.tbank.ru/kassa/dev/payments/),
// keeping T-Bank's code and message; an unknown code is an unknown outcome
// on Init (money-moving) and a protocol error on GetState (a read). The
// bodies are the shapes of real answers quoted in tinkoff-asdk-android#54,
// #97 and #194.
func TestErrorCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, code, details string
		moving, read        error
	}{
		{"bad token", "204", "", payments.ErrUnauthorized, payments.ErrUnauthorized},
		{"terminal not found", "205", "", payments.ErrUnauthorized, payments.ErrUnauthorized},
		{"old empty token", "9999", "Поле Token не должно быть пустым.", payments.ErrUnauthorized, payments.ErrUnauthorized},
		{"payment not found", "255", "", payments.ErrNotFound, payments.ErrNotFound},
		{"customer not found", "7", "Покупатель не найден.", payments.ErrNotFound, payments.ErrNotFound},
		{"repeated order", "623", "", payments.ErrDuplicate, payments.ErrDuplicate},
		{"wrong status", "100", "", payments.ErrInvalidState, payments.ErrInvalidState},
		{"receipt missing", "309", "{request.validate.expected.receipt}", payments.ErrInvalidRequest, payments.ErrInvalidRequest},
		{"amount too small", "251", "", payments.ErrInvalidRequest, payments.ErrInvalidRequest},
		{"insufficient funds", "1051", "", payments.ErrInsufficientFunds, payments.ErrInsufficientFunds},
		{"issuer decline", "1005", "", payments.ErrDeclined, payments.ErrDeclined},
		{"foreign card", "76", "", payments.ErrDeclined, payments.ErrDeclined},
		{"too many attempts", "2200", "", payments.ErrRateLimited, payments.ErrRateLimited},
		{"try later", "1091", "", payments.ErrUnavailable, payments.ErrUnavailable},
		{"charge disabled", "10", "", payments.ErrUnsupported, payments.ErrUnsupported},
		{"internal error", "3", "java.lang.NullPointerException", payments.ErrOutcomeUnknown, payments.ErrUnavailable},
		{"unknown payment status", "1018", "", payments.ErrOutcomeUnknown, payments.ErrUnavailable},
		{"unknown code", "77777", "", payments.ErrOutcomeUnknown, payments.ErrProtocol},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			body := `{"Success":false,"ErrorCode":"` + tt.code + `","Message":"Неверные параметры.","Details":"` + tt.details + `"}`
			p, _ := newScripted(t, step{method: "Init", body: body}, step{method: "GetState", body: body})
			_, err := p.InitPayment(context.Background(), &payments.InitRequest{OrderID: "o", Amount: rub("10.00")})
			checkErr(t, err, tt.moving, tt.code)
			_, err = p.PaymentStatus(context.Background(), payments.PaymentQuery{PaymentID: "1"})
			checkErr(t, err, tt.read, tt.code)
		})
	}
}

func checkErr(t *testing.T, err, kind error, code string) {
	t.Helper()
	var pe *payments.Error
	if !errors.Is(err, kind) || !errors.As(err, &pe) {
		t.Fatalf("err = %v, want %v", err, kind)
	}
	if pe.Code != code || !strings.HasPrefix(pe.Message, "Неверные параметры.") || pe.Provider != Name {
		t.Errorf("error = %+v, want code %s, T-Bank's message and the provider", pe, code)
	}
}

// TestTransportAndBodyFaults: a 5xx or a body that is not JSON is an
// unknown outcome on Init and not on GetState; an answer without Success
// is a protocol error.
func TestTransportAndBodyFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		st           step
		moving, read error
	}{
		{"502", step{status: 502, body: "<html>"}, payments.ErrOutcomeUnknown, payments.ErrUnavailable},
		{"not JSON", step{body: "<html>"}, payments.ErrOutcomeUnknown, payments.ErrProtocol},
		{"no Success", step{body: `{"ErrorCode":"0"}`}, payments.ErrOutcomeUnknown, payments.ErrProtocol},
		{"Success false without code", step{body: `{"Success":false}`}, payments.ErrOutcomeUnknown, payments.ErrProtocol},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, b := tt.st, tt.st
			a.method, b.method = "Init", "GetState"
			p, _ := newScripted(t, a, b)
			_, err := p.InitPayment(context.Background(), &payments.InitRequest{OrderID: "o", Amount: rub("10.00")})
			if !errors.Is(err, tt.moving) {
				t.Errorf("Init err = %v, want %v", err, tt.moving)
			}
			_, err = p.PaymentStatus(context.Background(), payments.PaymentQuery{PaymentID: "1"})
			if !errors.Is(err, tt.read) {
				t.Errorf("GetState err = %v, want %v", err, tt.read)
			}
		})
	}
}
