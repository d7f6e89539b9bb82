package robokassa

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// fuzzProvider is shared by the fuzz targets; Provider is safe for
// concurrent use.
func fuzzProvider(t testing.TB) *Provider {
	return newProvider(t, nil, nil)
}

// expectKinds fails unless err is nil or wraps one of kinds.
func expectKinds(t *testing.T, what string, err error, kinds ...error) {
	t.Helper()
	if err == nil {
		return
	}
	for _, k := range kinds {
		if errors.Is(err, k) {
			return
		}
	}
	t.Errorf("%s: error %v wraps none of %v", what, err, kinds)
}

// FuzzCallbacks feeds arbitrary form bodies to the ResultURL, SuccessURL and
// FailURL parsers: they never panic, fail only with ErrInvalidSignature or
// ErrInvalidRequest, and what they accept is well formed.
func FuzzCallbacks(f *testing.F) {
	f.Add(resultForm().Encode())
	f.Add("OutSum=10.000000&InvId=19&Culture=ru&Shp_order=42&SignatureValue=9AD6A4E838C90742134B496CFE80B7C8")
	f.Add("out_summ=10.000000&inv_id=19&Shp_order=42&crc=5c8aca98142ce75fd50fde9b187db402")
	f.Add("OutSum=10.000000&InvId=19&Culture=en")
	f.Add("OutSum=1E%2B1&InvId=-1&shp_=&SHP_x=1&SHP_x=2&SignatureValue=zz")
	f.Add("%zz")
	f.Add("")
	// Issue 8 #10: an ambiguous Shp_ value, signed over its base string.
	f.Add("OutSum=10.000000&InvId=19&Shp_gift_note=hi%3AShp_plan%3Dpremium&SignatureValue=" + md5Upper("10.000000:19:Pass2_golden8:Shp_gift_note=hi:Shp_plan=premium"))
	f.Add("OutSum=10.000000&InvId=19&Shp_a%3Db=c&SignatureValue=" + md5Upper("10.000000:19:Pass2_golden8:Shp_a=b=c"))
	p := fuzzProvider(f)
	f.Fuzz(func(t *testing.T, raw string) {
		form, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		check := func(what string, n *Notification, err error) {
			expectKinds(t, what, err, payments.ErrInvalidSignature, payments.ErrInvalidRequest)
			if err != nil {
				if n != nil {
					t.Errorf("%s: notification and error", what)
				}
				return
			}
			if !n.Amount.Amount.IsPositive() || n.Amount.Currency != payments.RUB || n.InvID == "" || strings.Trim(n.InvID, "0123456789") != "" {
				t.Errorf("%s accepted %+v", what, n)
			}
			if what == "ParseFailURL" {
				return // not signed
			}
			for k, v := range n.Shp {
				if strings.ContainsAny(k+v, ":=") {
					t.Errorf("%s accepted the ambiguous Shp_%s=%s", what, k, v)
				}
			}
		}
		n, err := p.VerifyResultURL(form)
		check("VerifyResultURL", n, err)
		if err == nil && p.VerifyResultSignature(form) != nil {
			t.Error("VerifyResultSignature disagrees with VerifyResultURL")
		}
		n, err = p.VerifySuccessURL(form)
		check("VerifySuccessURL", n, err)
		n, err = p.ParseFailURL(form)
		check("ParseFailURL", n, err)

		r, _ := http.NewRequest(http.MethodPost, "https://shop.example/result", strings.NewReader(raw))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		ev, err := p.VerifyWebhook(t.Context(), r)
		expectKinds(t, "VerifyWebhook", err, payments.ErrInvalidSignature, payments.ErrInvalidRequest)
		if err == nil && (ev.ID != "result:golden-shop:"+ev.OrderID || ev.Ack.Body != "OK"+ev.OrderID) {
			t.Errorf("event %+v", ev)
		}
	})
}

// FuzzXML feeds arbitrary bodies and statuses to the XML interface
// decoders (OpStateExt, GetCurrencies, GetPaymentMethods).
func FuzzXML(f *testing.F) {
	for _, file := range []string{"status_succeeded.json", "status_not_found.json", "extra/get_currencies.json", "extra/get_payment_methods.json"} {
		f.Add(200, fixtureBody(f, file))
	}
	f.Add(500, "<OperationStateResponse><Result><Code>1000</Code></Result></OperationStateResponse>")
	f.Add(200, "<OperationStateResponse><Result><Code>0</Code></Result><State><Code>100</Code></State><Info><OutSum>1e9</OutSum><IncSum>-</IncSum></Info></OperationStateResponse>")
	f.Add(200, "<a><b>")
	p := fuzzProvider(f)
	f.Fuzz(func(t *testing.T, status int, body string) {
		if status < 100 || status > 999 {
			return
		}
		kinds := []error{payments.ErrProtocol, payments.ErrUnavailable, payments.ErrUnauthorized, payments.ErrNotFound,
			payments.ErrDuplicate, payments.ErrInvalidRequest, payments.ErrRateLimited}
		var os opStateXML
		err := decodeXML(providerkit.Read(payments.OpPaymentStatus), status, []byte(body), &os)
		expectKinds(t, "OpStateExt", err, kinds...)
		if err == nil {
			st, err := p.parseOpState(payments.OpPaymentStatus, 1, &os)
			expectKinds(t, "OpStateExt state", err, payments.ErrProtocol)
			if err == nil && (!st.Status.Valid() || st.Payment() == nil) {
				t.Errorf("state %+v", st)
			}
		}
		var cx currenciesXML
		expectKinds(t, "GetCurrencies", decodeXML(providerkit.Read(OpGetCurrencies), status, []byte(body), &cx), kinds...)
		var mx paymentMethodsXML
		expectKinds(t, "GetPaymentMethods", decodeXML(providerkit.Read(OpPaymentMethods), status, []byte(body), &mx), kinds...)
	})
}

// FuzzJSON feeds arbitrary bodies and statuses to the Refund and Invoice
// API decoders.
func FuzzJSON(f *testing.F) {
	f.Add(200, `{"success":true,"message":null,"requestId":"68cd7fa6-1338-4745-ba5c-28d16cbcdb3d"}`)
	f.Add(200, `{"success":false,"message":"NotEnoughOperationFunds","requestId":null}`)
	f.Add(200, `{"requestId":"cf15fd52-d2d1-4fc4-b9c0-25310e3bdded","amount":1.000000,"label":"finished"}`)
	f.Add(400, `{"message":"Id is invalid or request id does not exist"}`)
	f.Add(200, `{"isSuccess":true,"id":"x","url":"https://auth.robokassa.ru/merchant/Invoice/x","invId":1,"encodedId":"x"}`)
	f.Add(200, `{"isSuccess":false,"errorMessage":"bad"}`)
	f.Add(200, `{"amount":1e400,"label":"x"}`)
	f.Add(500, `{`)
	p := fuzzProvider(f)
	f.Fuzz(func(t *testing.T, status int, body string) {
		if status < 100 || status > 999 {
			return
		}
		all := []error{payments.ErrProtocol, payments.ErrUnavailable, payments.ErrOutcomeUnknown, payments.ErrUnauthorized,
			payments.ErrNotFound, payments.ErrDuplicate, payments.ErrInvalidRequest, payments.ErrRateLimited,
			payments.ErrInsufficientFunds, payments.ErrDeclined}
		id, err := parseRefundCreate(status, []byte(body))
		expectKinds(t, "Refund/Create", err, all...)
		if err == nil && id == "" {
			t.Error("Refund/Create accepted without an id")
		}
		st, err := p.parseRefundState(providerkit.Read(payments.OpRefundStatus), "id", status, []byte(body))
		expectKinds(t, "Refund/GetState", err, all...)
		if err == nil && (st.Label == "" || !st.Status.Valid() || st.Amount.Amount.IsNegative()) {
			t.Errorf("GetState accepted %+v", st)
		}
		var out struct {
			URL string `json:"url"`
		}
		expectKinds(t, "Invoice API", decodeInvoiceAnswer(providerkit.Moving(OpCreateInvoice), status, []byte(body), &out), all...)
	})
}

func fixtureBody(t testing.TB, file string) string {
	t.Helper()
	var fx fixture
	mustFixture(t, file, &fx)
	return fx.Exchanges[0].Response.Body
}
