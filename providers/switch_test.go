package providers

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
	"github.com/paykit/payments"
)

// checkout is the app under test: it starts a payment and looks it up, and
// knows nothing of the provider behind client.
func checkout(ctx context.Context, client *payments.Client, orderID string, amount payments.Money) (payments.NextStepKind, string, payments.Status, error) {
	p, err := client.InitPayment(ctx, &payments.InitRequest{
		OrderID:     orderID,
		Amount:      amount,
		Description: "Order " + orderID,
		Language:    "en",
		SuccessURL:  "https://shop.example/success",
	})
	if err != nil {
		return "", "", "", err
	}
	st, err := client.ConfirmPayment(ctx, orderID, amount)
	if err != nil {
		return "", "", "", err
	}
	return p.NextStep.Kind, p.NextStep.URL, st.Status, nil
}

// The OpStateExt exchange of the golden shop for invoice 1002: the request
// signature MD5(golden-shop:1002:Pass2_golden8) and the OpStateExt response
// (https://docs.robokassa.ru/xml-interfaces) with OutSum 10.000000, state
// 100 (testdata/robokassa/status_succeeded.json).
const (
	opStateSignature = "8FC07ECE8EA87CDCE3B0752103450F52"
	opStateBody      = `<?xml version="1.0" encoding="utf-8"?>
<OperationStateResponse xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://merchant.roboxchange.com/WebService/">
  <Result><Code>0</Code></Result>
  <State><Code>100</Code><RequestDate>2019-11-13T10:21:22.0500029+03:00</RequestDate><StateDate>2018-02-22T15:56:54.6833333+03:00</StateDate></State>
  <Info xsi:type="OperationInfoExt">
    <IncCurrLabel>QCardR</IncCurrLabel><IncSum>10.000000</IncSum><IncAccount>123456******0987</IncAccount>
    <PaymentMethod><Code>BankCard</Code><Description>Bank card</Description></PaymentMethod>
    <OutCurrLabel>BNR</OutCurrLabel><OutSum>10.000000</OutSum>
    <OpKey>00000000-0000-0000-0000-000000000000-0000000000</OpKey>
  </Info>
</OperationStateResponse>
`
	// The /status exchange for order 1002 with the SDKs' test merchant:
	// the signature clientsdk sends (testdata/clientsdk/status_succeeded.json)
	// and a success answer in the shape of the Python SDK's status model
	// (github.com/Space-Around/client-payment-sdk-python client_payment_sdk/models.py).
	sdkStatusSignature = "nxS_LpRmLJcZOzd6J6JEEOr3no1DMTyE07UGcBV0E60"
	sdkStatusBody      = `{"status":"success","payment_status":"complete","refund_status":"","last_payment_error_code":"","last_payment_error":"","amount":"10.0000","customer_fee":"0.0000","currency":"RUB","invoice_id":696}`
	sdkInitBody        = `{"status":"redirect","url":"https://sbank.test/payment/684?lang=en","invoice_id":684}`
)

// mockProviders answers both providers' wire protocols at their test hosts,
// checking the signatures the configuration must produce.
func mockProviders(t *testing.T) *httpmock.MockTransport {
	tr := httpmock.NewMockTransport()
	tr.RegisterResponder(http.MethodGet, "https://robokassa.test/Merchant/WebService/Service.asmx/OpStateExt",
		func(req *http.Request) (*http.Response, error) {
			q := req.URL.Query()
			if got := q.Get("MerchantLogin") + " " + q.Get("InvoiceID") + " " + q.Get("Signature"); got != goldenLogin+" 1002 "+opStateSignature {
				t.Errorf("OpStateExt query = %q: the config's login, password2 or algorithm did not arrive", got)
			}
			r := httpmock.NewStringResponse(http.StatusOK, opStateBody)
			r.Header.Set("Content-Type", "text/xml; charset=utf-8")
			return r, nil
		})
	tr.RegisterResponder(http.MethodPost, "https://sbank.test/init",
		func(req *http.Request) (*http.Response, error) {
			p := params(t, req)
			got := map[string]string{"merchant_id": p.Get("merchant_id"), "product_id": p.Get("product_id"), "order": p.Get("order"), "amount": p.Get("amount"), "notification_url": p.Get("notification_url")}
			want := map[string]string{"merchant_id": sdkMerchant, "product_id": sdkProduct, "order": "1002", "amount": "10.00", "notification_url": "https://shop.example/webhooks"}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("/init form (-want +got):\n%s", diff)
			}
			if p.Get("signature") == "" {
				t.Error("/init is not signed")
			}
			return jsonResponse(sdkInitBody), nil
		})
	tr.RegisterResponder(http.MethodGet, "https://sbank.test/status",
		func(req *http.Request) (*http.Response, error) {
			if got := req.URL.Query().Get("signature"); got != sdkStatusSignature {
				t.Errorf("/status signature = %q, want %q: the config's ids or secret did not arrive", got, sdkStatusSignature)
			}
			return jsonResponse(sdkStatusBody), nil
		})
	return tr
}

const robokassaJSON = `{
  "provider": "robokassa",
  "robokassa": {
    "merchant_login": "golden-shop",
    "password1": "Pass1_golden8",
    "password2": "Pass2_golden8",
    "algorithm": "md5",
    "auth_url": "https://robokassa.test"
  }
}`

const clientsdkJSON = `{
  "provider": "clientsdk",
  "clientsdk": {
    "base_url": "https://sbank.test",
    "merchant_id": "13",
    "product_id": "15",
    "secret": "aa21444f3f71",
    "notification_url": "https://shop.example/webhooks"
  }
}`

// bothEnv carries both providers' settings; PAYMENTS_PROVIDER chooses.
var bothEnv = map[string]string{
	"ROBOKASSA_MERCHANT_LOGIN":   goldenLogin,
	"ROBOKASSA_PASSWORD1":        goldenPass1,
	"ROBOKASSA_PASSWORD2":        goldenPass2,
	"ROBOKASSA_ALGORITHM":        "MD5",
	"ROBOKASSA_AUTH_URL":         "https://robokassa.test",
	"CLIENTSDK_BASE_URL":         "https://sbank.test",
	"CLIENTSDK_MERCHANT_ID":      sdkMerchant,
	"CLIENTSDK_PRODUCT_ID":       sdkProduct,
	"CLIENTSDK_SECRET":           sdkSecret,
	"CLIENTSDK_NOTIFICATION_URL": "https://shop.example/webhooks",
}

func envWith(provider string) map[string]string {
	m := map[string]string{"PAYMENTS_PROVIDER": provider}
	for k, v := range bothEnv {
		m[k] = v
	}
	return m
}

// TestSwitchProviderByConfig runs the same app with Robokassa and with
// clientsdk, configured from JSON and from the environment: switching is a
// configuration change.
func TestSwitchProviderByConfig(t *testing.T) {
	t.Parallel()
	fromJSON := func(s string) func(*testing.T) Config {
		return func(t *testing.T) Config {
			var c Config
			if err := json.Unmarshal([]byte(s), &c); err != nil {
				t.Fatal(err)
			}
			return c
		}
	}
	fromEnv := func(provider string) func(*testing.T) Config {
		return func(t *testing.T) Config {
			c, err := FromEnv(envMap(envWith(provider)))
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
	}
	tests := []struct {
		name     string
		config   func(*testing.T) Config
		wantKind payments.NextStepKind
		wantURL  string // prefix
		wantHits map[string]int
	}{
		{"robokassa/json", fromJSON(robokassaJSON), payments.NextRedirect, "https://robokassa.test/Merchant/Index.aspx?",
			map[string]int{"GET https://robokassa.test/Merchant/WebService/Service.asmx/OpStateExt": 1}},
		{"robokassa/env", fromEnv("robokassa"), payments.NextRedirect, "https://robokassa.test/Merchant/Index.aspx?",
			map[string]int{"GET https://robokassa.test/Merchant/WebService/Service.asmx/OpStateExt": 1}},
		{"clientsdk/json", fromJSON(clientsdkJSON), payments.NextRedirect, "https://sbank.test/payment/684",
			map[string]int{"POST https://sbank.test/init": 1, "GET https://sbank.test/status": 1}},
		{"clientsdk/env", fromEnv("clientsdk"), payments.NextRedirect, "https://sbank.test/payment/684",
			map[string]int{"POST https://sbank.test/init": 1, "GET https://sbank.test/status": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tr := mockProviders(t)
			cfg := tt.config(t)
			cfg.Options.HTTPClient = &http.Client{Transport: tr}
			client, err := Open(t.Context(), cfg)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			kind, url, status, err := checkout(t.Context(), client, "1002", payments.MustParseMoney("10.00", payments.RUB))
			if err != nil {
				t.Fatalf("checkout: %v", err)
			}
			if kind != tt.wantKind || !strings.HasPrefix(url, tt.wantURL) {
				t.Errorf("next step = %s %s, want %s %s...", kind, url, tt.wantKind, tt.wantURL)
			}
			if status != payments.StatusSucceeded {
				t.Errorf("status = %s, want succeeded", status)
			}
			hits := map[string]int{}
			for k, n := range tr.GetCallCountInfo() {
				if n > 0 {
					hits[k] = n
				}
			}
			if diff := cmp.Diff(tt.wantHits, hits); diff != "" {
				t.Errorf("HTTP exchanges (-want +got):\n%s", diff)
			}
		})
	}
}

func jsonResponse(body string) *http.Response {
	r := httpmock.NewStringResponse(http.StatusOK, body)
	r.Header.Set("Content-Type", "application/json")
	return r
}
