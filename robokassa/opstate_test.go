package robokassa

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/shopspring/decimal"
)

// The OpStateExt response fixture (extra/opstate_fixture.json, in the
// shape of https://docs.robokassa.ru/xml-interfaces), decoded in full.
func TestOpStateFixture(t *testing.T) {
	t.Parallel()
	p := newProvider(t, replay(t, "extra/opstate_fixture.json"), nil)
	st, err := p.OpState(t.Context(), 1002)
	if err != nil {
		t.Fatal(err)
	}
	msk := time.FixedZone("", 3*3600)
	want := &OperationState{
		InvID:                    1002,
		StateCode:                100,
		Status:                   payments.StatusSucceeded,
		RequestDate:              time.Date(2019, 11, 13, 10, 21, 22, 50002900, msk),
		StateDate:                time.Date(2018, 2, 22, 15, 56, 54, 683333300, msk),
		IncCurrLabel:             "QCardR",
		IncSum:                   decimal.RequireFromString("100"),
		IncAccount:               "123456******0987",
		PaymentMethod:            "BankCard",
		PaymentMethodDescription: "Банковской картой",
		OutCurrLabel:             "BNR",
		OutSum:                   rub("100"),
		OpKey:                    "00000000-0000-0000-0000-000000000000-0000000000",
		UserFields:               map[string]string{"Shp_order_id": "42"},
	}
	if diff := cmp.Diff(want, st, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("OpState (-want +got):\n%s", diff)
	}
	pay := st.Payment()
	wantRaw := map[string]string{
		"StateCode": "100", "StateDate": "2018-02-22T15:56:54.6833333+03:00", "PaymentMethod": "BankCard",
		"IncCurrLabel": "QCardR", "IncSum": "100", "IncAccount": "123456******0987", "OutSum": "100.00",
		"Shp_order_id": "42",
	}
	if diff := cmp.Diff(wantRaw, pay.Raw); diff != "" {
		t.Errorf("Payment.Raw (-want +got):\n%s", diff)
	}
	if pay.OrderID != "1002" || pay.Method != "BankCard" || !pay.Amount.Equal(rub("100")) {
		t.Errorf("payment = %+v", pay)
	}
}

// Every state code (https://docs.robokassa.ru/xml-interfaces) through PaymentStatus.
func TestPaymentStatusStates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file, order string
		want        payments.Status
	}{
		{"status_pending.json", "1001", payments.StatusPending},
		{"status_failed.json", "1003", payments.StatusCanceled},
		{"extra/opstate_held.json", "1002", payments.StatusAuthorized},
		{"extra/opstate_crediting.json", "1002", payments.StatusProcessing},
		{"extra/opstate_returned.json", "1002", payments.StatusFailed},
		{"extra/opstate_suspended.json", "1002", payments.StatusProcessing},
		{"status_succeeded.json", "1002", payments.StatusSucceeded},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			p := newProvider(t, replay(t, tt.file), nil)
			pay, err := p.PaymentStatus(t.Context(), payments.PaymentQuery{OrderID: tt.order})
			if err != nil {
				t.Fatal(err)
			}
			if pay.Status != tt.want || pay.OrderID != tt.order {
				t.Errorf("status = %s for %s, want %s", pay.Status, pay.OrderID, tt.want)
			}
		})
	}
	for code, want := range map[int]payments.Status{5: "pending", 10: "canceled", 20: "authorized", 50: "processing", 60: "failed", 80: "processing", 100: "succeeded", 0: "unknown", 70: "unknown"} {
		if got := StateStatus(code); got != want {
			t.Errorf("StateStatus(%d) = %s, want %s", code, got, want)
		}
	}
}

// Every Result code (https://docs.robokassa.ru/xml-interfaces; 1, 3 and 4 from
// artgas1/robokassa-mcp src/robokassa/types.py) onto the core's errors, Robokassa's
// code and description kept.
func TestOpStateResultCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file, order string
		kind        error
		code, msg   string
	}{
		{"extra/opstate_bad_signature.json", "1002", payments.ErrUnauthorized, "1", "Неверная подпись"},
		{"extra/opstate_shop_not_found.json", "1002", payments.ErrUnauthorized, "2", "Магазин не найден"},
		{"status_not_found.json", "1999", payments.ErrNotFound, "3", "Операция не найдена"},
		{"extra/opstate_duplicate.json", "1002", payments.ErrDuplicate, "4", "Дублирование"},
		{"extra/opstate_internal_error.json", "1002", payments.ErrUnavailable, "1000", "Внутренняя ошибка"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			p := newProvider(t, replay(t, tt.file), nil)
			_, err := p.PaymentStatus(t.Context(), payments.PaymentQuery{OrderID: tt.order})
			var pe *payments.Error
			if !errors.Is(err, tt.kind) || !errors.As(err, &pe) {
				t.Fatalf("err = %v, want %v", err, tt.kind)
			}
			if pe.Code != tt.code || pe.Message != tt.msg || pe.Provider != Name || pe.Op != payments.OpPaymentStatus {
				t.Errorf("error = %+v", pe)
			}
		})
	}
}

func TestOpStateMalformed(t *testing.T) {
	t.Parallel()
	const ns = `<OperationStateResponse xmlns="http://merchant.roboxchange.com/WebService/">`
	tests := []struct {
		name   string
		status int
		body   string
		kind   error
	}{
		{"not XML", 200, "{}", payments.ErrProtocol},
		{"truncated", 200, ns + "<Result><Code>0", payments.ErrProtocol},
		{"other root", 200, `<CurrenciesList><Result><Code>0</Code></Result></CurrenciesList>`, payments.ErrProtocol},
		{"no State", 200, ns + "<Result><Code>0</Code></Result></OperationStateResponse>", payments.ErrProtocol},
		{"State code not a number", 200, ns + "<Result><Code>0</Code></Result><State><Code>x</Code></State></OperationStateResponse>", payments.ErrProtocol},
		{"no Result code", 200, ns + "<State><Code>5</Code></State></OperationStateResponse>", payments.ErrProtocol},
		{"unknown Result code", 200, ns + "<Result><Code>77</Code></Result></OperationStateResponse>", payments.ErrProtocol},
		{"OutSum beyond kopecks", 200, ns + "<Result><Code>0</Code></Result><State><Code>100</Code></State><Info><OutSum>1.234000</OutSum></Info></OperationStateResponse>", payments.ErrProtocol},
		{"IncSum not a number", 200, ns + "<Result><Code>0</Code></Result><State><Code>100</Code></State><Info><IncSum>ten</IncSum></Info></OperationStateResponse>", payments.ErrProtocol},
		{"HTTP 500 text", 500, "Internal error", payments.ErrUnavailable},
		{"HTTP 400 text", 400, "InvoiceID is invalid", payments.ErrInvalidRequest},
		{"HTTP 500 with Result code 3", 500, ns + "<Result><Code>3</Code></Result></OperationStateResponse>", payments.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rt, _ := respond(tt.status, "text/xml", tt.body)
			p := newProvider(t, rt, nil)
			if _, err := p.OpState(t.Context(), 5); !errors.Is(err, tt.kind) {
				t.Errorf("err = %v, want %v", err, tt.kind)
			}
		})
	}
	// Unknown state codes are a status, not an error: look again later.
	rt, _ := respond(200, "text/xml", ns+"<Result><Code>0</Code></Result><State><Code>70</Code></State></OperationStateResponse>")
	if st, err := newProvider(t, rt, nil).OpState(t.Context(), 5); err != nil || st.Status != payments.StatusUnknown {
		t.Errorf("state 70: %+v, %v", st, err)
	}
}

func TestOpStateRequest(t *testing.T) {
	t.Parallel()
	rt, reqs := respond(200, "text/xml", `<OperationStateResponse><Result><Code>0</Code></Result><State><Code>5</Code></State></OperationStateResponse>`)
	p := newProvider(t, rt, func(c *Config) { c.Algorithm = SHA256; c.AuthURL = "https://robokassa.test/" })
	if _, err := p.OpState(t.Context(), 42); err != nil {
		t.Fatal(err)
	}
	r := (*reqs)[0]
	// Signature = H(MerchantLogin:InvoiceID:Password2) (https://docs.robokassa.ru/xml-interfaces).
	want := "https://robokassa.test/Merchant/WebService/Service.asmx/OpStateExt?InvoiceID=42&MerchantLogin=golden-shop&Signature=" + SHA256.Sign("golden-shop:42:Pass2_golden8")
	if r.Method != http.MethodGet || r.URL.String() != want {
		t.Errorf("request %s %s, want GET %s", r.Method, r.URL, want)
	}
	if _, err := p.OpState(t.Context(), 0); !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("InvId 0: %v", err)
	}
}
