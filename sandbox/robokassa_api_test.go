package sandbox

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/paykit/payments/robokassa"
)

// paid makes and pays invoice inv of amount and returns once the app
// handled the notification.
func (e *rkEnv) paid(inv int64, amount string) {
	e.t.Helper()
	_, token := e.open(e.link(&robokassa.Link{Amount: rubs(amount), InvID: inv}))
	e.press("pay", token)
	e.event()
}

func TestRobokassaOpStateExt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newRKEnv(t, rkEnvOptions{})
	_, token := e.open(e.link(&robokassa.Link{Amount: rubs("100.00"), InvID: 11, Shp: map[string]string{"order_id": "42"}}))
	e.press("pay", token)
	e.event()

	st, err := e.prov.OpState(ctx, 11)
	if err != nil {
		t.Fatal(err)
	}
	want := &robokassa.OperationState{
		InvID: 11, StateCode: 100, Status: payments.StatusSucceeded, IncCurrLabel: "BankCardPSR", IncSum: decimalOf("100"),
		IncAccount: rkMaskedCard, PaymentMethod: "BankCard", PaymentMethodDescription: "Банковская карта", OutCurrLabel: "BNR",
		OutSum: rubs("100.00"), OpKey: e.sb.rk.opKey(11), UserFields: map[string]string{"Shp_order_id": "42"},
	}
	if diff := cmp.Diff(want, st, cmp.FilterPath(func(p cmp.Path) bool {
		s := p.Last().String()
		return s == ".RequestDate" || s == ".StateDate"
	}, cmp.Ignore())); diff != "" {
		t.Errorf("OpState (-want +got):\n%s", diff)
	}
	if st.StateDate.IsZero() || st.RequestDate.IsZero() {
		t.Errorf("dates missing: %+v", st)
	}

	// Errors: unknown invoice (3), bad signature (1), unknown shop (2).
	var pe *payments.Error
	if _, err := e.prov.OpState(ctx, 12); !errors.Is(err, payments.ErrNotFound) || !errors.As(err, &pe) || pe.Code != "3" {
		t.Errorf("unknown InvId: %v, want Result code 3", err)
	}
	for name, cfg := range map[string]robokassa.Config{
		"bad signature": {MerchantLogin: DefaultRobokassaLogin, Password1: "a", Password2: "wrong", Algorithm: robokassa.MD5},
		"unknown shop":  {MerchantLogin: "nobody", Password1: "a", Password2: DefaultRobokassaPassword2, Algorithm: robokassa.MD5},
	} {
		cfg.AuthURL, cfg.HTTPClient = e.sbURL, e.browser
		p, _ := robokassa.New(cfg)
		code := map[string]string{"bad signature": "1", "unknown shop": "2"}[name]
		if _, err := p.OpState(ctx, 11); !errors.Is(err, payments.ErrUnauthorized) || !errors.As(err, &pe) || pe.Code != code {
			t.Errorf("%s: %v, want ErrUnauthorized with Result code %s", name, err, code)
		}
	}

	// POST form, lower-case signature.
	sig := strings.ToLower(robokassa.MD5.Sign(DefaultRobokassaLogin + ":11:" + DefaultRobokassaPassword2))
	status, body, _ := e.post(e.sbURL+"/Merchant/WebService/Service.asmx/OpStateExt", url.Values{"MerchantLogin": {DefaultRobokassaLogin}, "InvoiceID": {"11"}, "Signature": {sig}})
	var x struct {
		XMLName xml.Name
		Code    int `xml:"Result>Code"`
		State   int `xml:"State>Code"`
	}
	if err := xml.Unmarshal([]byte(body), &x); err != nil || status != http.StatusOK || x.Code != 0 || x.State != 100 ||
		x.XMLName.Space != rkXMLNS || !strings.Contains(body, `xsi:type="OperationInfoExt"`) {
		t.Errorf("POST OpStateExt: %d %+v %v\n%s", status, x, err, body)
	}
}

func TestRobokassaCurrencies(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newRKEnv(t, rkEnvOptions{})
	groups, err := e.prov.Currencies(ctx, "en")
	if err != nil || len(groups) != 2 || groups[0].Code != "BankCard" || groups[0].Items[0].Label != "BankCardPSR" || groups[0].Items[0].Name != "Bank card" {
		t.Fatalf("Currencies = %+v, %v", groups, err)
	}
	methods, err := e.prov.PaymentMethods(ctx, "ru")
	if err != nil || len(methods) != 2 || methods[1].Code != "SBP" {
		t.Fatalf("PaymentMethods = %+v, %v", methods, err)
	}
}

// The Refund API takes HS256, HS384 and HS512, as a raw token or a JSON
// string, and refuses a token signed with another Password3.
func TestRobokassaRefundJWT(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		name string
		cfg  func(*robokassa.Config)
		kind error
	}{
		{"HS256 raw", func(c *robokassa.Config) {}, nil},
		{"HS384 JSON string", func(c *robokassa.Config) { c.RefundAlgorithm, c.RefundBody = "HS384", robokassa.BodyJSONString }, nil},
		{"HS512 raw", func(c *robokassa.Config) { c.RefundAlgorithm = "HS512" }, nil},
		{"wrong Password3", func(c *robokassa.Config) { c.Password3 = "wrong" }, payments.ErrUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newRKEnv(t, rkEnvOptions{cfg: tt.cfg})
			e.paid(1, "10.00")
			r, err := e.client.Refund(ctx, &payments.RefundRequest{OrderID: "1", Reference: "r-1"})
			if !errors.Is(err, tt.kind) || (tt.kind == nil && err != nil) {
				t.Fatalf("Refund: %v, want %v", err, tt.kind)
			}
			if tt.kind != nil {
				return
			}
			st, err := e.prov.RefundState(ctx, r.ID)
			if err != nil || st.Label != "finished" || !st.Amount.Equal(rubs("10.00")) {
				t.Errorf("RefundState = %+v, %v", st, err)
			}
		})
	}
	t.Run("unknown ids", func(t *testing.T) {
		t.Parallel()
		e := newRKEnv(t, rkEnvOptions{})
		if _, err := e.prov.RefundState(ctx, "no-such-id"); !errors.Is(err, payments.ErrNotFound) {
			t.Errorf("RefundState: %v, want ErrNotFound", err)
		}
		_, err := e.prov.CreateRefund(ctx, robokassa.RefundCreate{OpKey: "00000000-0000-0000-0000-000000000000-0000000000"})
		if !errors.Is(err, payments.ErrNotFound) {
			t.Errorf("CreateRefund of an unknown OpKey: %v, want ErrNotFound (OperationNotFound)", err)
		}
	})
}

// The Invoice API: create (JWT with the shop's algorithm, key
// MerchantLogin:Password1), pay through the returned url, list, deactivate.
func TestRobokassaInvoices(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, alg := range []robokassa.Algorithm{robokassa.MD5, robokassa.RIPEMD160, robokassa.SHA256, robokassa.SHA512} {
		t.Run(string(alg), func(t *testing.T) {
			t.Parallel()
			e := newRKEnv(t, rkEnvOptions{shop: RobokassaShop{Algorithm: alg}})
			inv, err := e.prov.CreateInvoice(ctx, &robokassa.Invoice{Amount: rubs("15.50"), Description: "Invoice", UserFields: map[string]string{"info": "test"},
				Items: []robokassa.InvoiceItem{{Name: "Тест", Quantity: decimalOf("1"), Cost: decimalOf("15.50"), Tax: "vat20"}}})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(inv.URL, e.sbURL+"/merchant/Invoice/") || inv.InvID == 0 || inv.ID == "" || !strings.HasSuffix(inv.URL, inv.EncodedID) {
				t.Fatalf("created %+v", inv)
			}
			if st, _ := e.sb.RobokassaState(inv.InvID); st != robokassa.StateInitiated {
				t.Errorf("state before Pay %d", st)
			}
			_, token := e.open(inv.URL)
			e.press("pay", token)
			if ev := e.event(); ev.Metadata["info"] != "test" || !ev.Amount.Equal(rubs("15.50")) {
				t.Errorf("event %+v", ev)
			}
			list, err := e.prov.ListInvoices(ctx, robokassa.InvoiceQuery{CurrentPage: 1, PageSize: 10, Statuses: []string{robokassa.InvoicePaid},
				Types: []robokassa.InvoiceType{robokassa.InvoiceOneTime}, DateFrom: time.Now().Add(-time.Hour), DateTo: time.Now().Add(time.Hour)})
			if err != nil || !strings.Contains(string(list.Body), inv.ID) {
				t.Errorf("ListInvoices = %s, %v", list.Body, err)
			}
			if err := e.prov.DeactivateInvoice(ctx, robokassa.InvoiceRef{ID: inv.ID}); err != nil {
				t.Fatal(err)
			}
			if _, body, _ := e.get(inv.URL); !strings.Contains(body, "deactivated") {
				t.Errorf("deactivated invoice page:\n%s", body)
			}
			if err := e.prov.DeactivateInvoice(ctx, robokassa.InvoiceRef{InvID: 424242}); !errors.Is(err, payments.ErrInvalidRequest) {
				t.Errorf("DeactivateInvoice of an unknown invoice: %v", err)
			}
		})
	}
	t.Run("reusable", func(t *testing.T) {
		t.Parallel()
		e := newRKEnv(t, rkEnvOptions{cfg: func(c *robokassa.Config) { c.InvoiceBody = robokassa.BodyRawJWT }})
		inv, err := e.prov.CreateInvoice(ctx, &robokassa.Invoice{Type: robokassa.InvoiceReusable, Amount: rubs("1.00")})
		if err != nil {
			t.Fatal(err)
		}
		a, token := e.open(inv.URL)
		e.press("pay", token)
		b, _ := e.open(inv.URL)
		if a == b {
			t.Errorf("a reusable invoice's second payment reuses InvId %s", a)
		}
	})
	t.Run("bad JWT", func(t *testing.T) {
		t.Parallel()
		e := newRKEnv(t, rkEnvOptions{cfg: func(c *robokassa.Config) { c.Password1 = "wrong" }})
		if _, err := e.prov.CreateInvoice(ctx, &robokassa.Invoice{Amount: rubs("1.00")}); !errors.Is(err, payments.ErrUnauthorized) {
			t.Errorf("CreateInvoice with a wrong key: %v, want ErrUnauthorized", err)
		}
	})
	t.Run("header without alg", func(t *testing.T) {
		t.Parallel()
		e := newRKEnv(t, rkEnvOptions{})
		enc := base64.RawURLEncoding
		ss := enc.EncodeToString([]byte(`{"typ":"JWT"}`)) + "." + enc.EncodeToString([]byte(`{"MerchantLogin":"sandbox-shop","InvoiceType":"OneTime","OutSum":2,"Description":"no alg"}`))
		sig, err := robokassa.SigningMethodMD5.Sign(ss, []byte(DefaultRobokassaLogin+":"+DefaultRobokassaPassword1))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := json.Marshal(ss + "." + enc.EncodeToString(sig))
		resp, err := e.browser.Post(e.sbURL+"/InvoiceServiceWebApi/api/CreateInvoice", "application/json", strings.NewReader(string(body)))
		if err != nil {
			t.Fatal(err)
		}
		status, got, _ := readResp(t, resp)
		if status != http.StatusOK || !strings.Contains(got, `"isSuccess":true`) {
			t.Errorf("CreateInvoice without alg: %d %s", status, got)
		}
	})
}
