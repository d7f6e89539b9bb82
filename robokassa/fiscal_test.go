package robokassa

import (
	"encoding/base64"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/shopspring/decimal"
)

// The published worked example of
// https://docs.robokassa.ru/second-check. Its base64 text with password
// "robokassatest" gives md5 3001586201143da4232896c44244bdbb and the
// signature part MzAwMTU4NjIwMTE0M2RhNDIzMjg5NmM0NDI0NGJkYmI. The docs'
// JSON holds spaces and a newline, so the test signs its exact text.
func TestFiscalBodyDocsExample(t *testing.T) {
	t.Parallel()
	const docsB64 = "eyJtZXJjaGFudElkIjogInJvYm9rYXNzYV9zZWxsIiwiaWQiOiAiMTQiLCJvcmlnaW5JZCI6ICIxMyIsIm9wZXJhdGlvbiI6ICJzZWxsIiwKInNubyI6ICJvc24iLCJ1cmwiOiAiaHR0cHM6Ly93d3cucm9ib2thc3NhLnJ1LyIsInRvdGFsIjogMTAwLCJpdGVtcyI6IFt7Im5hbWUiOiAi0KLQvtCy0LDRgCIsInF1YW50aXR5IjogMSwic3VtIjogMTAwLCJ0YXgiOiAibm9uZSIsInBheW1lbnRfbWV0aG9kIjogImZ1bGxfcGF5bWVudCIsInBheW1lbnRfb2JqZWN0IjogImNvbW1vZGl0eSJ9XSwiY2xpZW50IjogeyJlbWFpbCI6ICJ0ZXN0QHRlc3QucnUiLCJwaG9uZSI6ICI3MTIzNDU2Nzg5MCJ9LCJwYXltZW50cyI6IFt7InR5cGUiOiAyLCJzdW0iOiAxMDB9XSwidmF0cyI6IFt7InR5cGUiOiAibm9uZSIsInN1bSI6IDB9XX0"
	js, err := base64.RawURLEncoding.DecodeString(docsB64)
	if err != nil {
		t.Fatal(err)
	}
	p := newProvider(t, nil, func(c *Config) { c.MerchantLogin = "robokassa_sell"; c.Password1 = "robokassatest" })
	want := docsB64 + ".MzAwMTU4NjIwMTE0M2RhNDIzMjg5NmM0NDI0NGJkYmI"
	if got := p.fiscalBody(js); got != want {
		t.Errorf("fiscalBody = %s\nwant        %s", got, want)
	}
	sig, _ := base64.RawURLEncoding.DecodeString("MzAwMTU4NjIwMTE0M2RhNDIzMjg5NmM0NDI0NGJkYmI")
	if string(sig) != "3001586201143da4232896c44244bdbb" {
		t.Errorf("signature part decodes to %s", sig)
	}
}

// goldenReceiptRequest is a second receipt
// (https://docs.robokassa.ru/second-check) for the golden shop: InvId 19,
// receipt 1019, one line of 10 RUB without VAT.
func goldenReceiptRequest() *payments.ReceiptRequest {
	return &payments.ReceiptRequest{
		OrderID: "19", ReceiptID: "1019", Kind: payments.ReceiptSettlement,
		Receipt: payments.Receipt{
			TaxSystem: "osn", Email: "buyer@example.com",
			Items: []payments.ReceiptItem{{
				Name: "Item", Quantity: decimal.NewFromInt(1), Amount: payments.MustParseMoney("10.00", payments.RUB),
				Tax: "none", PaymentObject: "commodity",
			}},
		},
	}
}

// fiscalServer answers RoboFiscal requests with status and body, and keeps
// what it received.
func fiscalServer(status int, body string) (http.RoundTripper, *[]*http.Request, *[]string) {
	var reqs []*http.Request
	var bodies []string
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		b, _ := io.ReadAll(r.Body)
		reqs, bodies = append(reqs, r), append(bodies, string(b))
		return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
	}), &reqs, &bodies
}

// Golden-shop Attach and Status bodies (computed with the rule of
// https://docs.robokassa.ru/second-check; not published vectors): SendReceipt POSTs exactly the golden Attach body to
// RoboFiscal/Receipt/Attach as application/json (as
// github.com/robokassa/sdk-php src/Service/ReceiptService.php does), and
// ReceiptStatus the golden Status body to Receipt/Status.
func TestSendReceiptGolden(t *testing.T) {
	t.Parallel()
	rt, reqs, bodies := fiscalServer(200, `{"ResultCode":"0","ResultDescription":"ok","OpKey":"x"}`)
	p := newProvider(t, rt, func(c *Config) { c.ShopURL = "https://shop.example/" })
	got, err := p.SendReceipt(t.Context(), goldenReceiptRequest())
	if err != nil {
		t.Fatal(err)
	}
	want := &payments.FiscalReceipt{ID: "1019", OrderID: "19", Status: payments.FiscalPending, Code: "0", Message: "ok"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SendReceipt (-want +got):\n%s", diff)
	}
	const attach = "eyJtZXJjaGFudElkIjoiZ29sZGVuLXNob3AiLCJpZCI6IjEwMTkiLCJvcmlnaW5JZCI6IjE5Iiwib3BlcmF0aW9uIjoic2VsbCIsInNubyI6Im9zbiIsInVybCI6Imh0dHBzOi8vc2hvcC5leGFtcGxlLyIsInRvdGFsIjoxMCwiaXRlbXMiOlt7Im5hbWUiOiJJdGVtIiwicXVhbnRpdHkiOjEsInN1bSI6MTAsInRheCI6Im5vbmUiLCJwYXltZW50X21ldGhvZCI6ImZ1bGxfcGF5bWVudCIsInBheW1lbnRfb2JqZWN0IjoiY29tbW9kaXR5In1dLCJjbGllbnQiOnsiZW1haWwiOiJidXllckBleGFtcGxlLmNvbSJ9LCJwYXltZW50cyI6W3sidHlwZSI6Miwic3VtIjoxMH1dLCJ2YXRzIjpbeyJ0eXBlIjoibm9uZSIsInN1bSI6MH1dfQ.MGIyNDg3NTJlOTVjNTlmNWVjNDU2YTE3NzIwZmZmZDY"
	if len(*reqs) != 1 {
		t.Fatalf("%d requests", len(*reqs))
	}
	r := (*reqs)[0]
	gotReq := []string{r.Method, r.URL.String(), r.Header.Get("Content-Type"), (*bodies)[0]}
	wantReq := []string{"POST", "https://ws.roboxchange.com/RoboFiscal/Receipt/Attach", "application/json", attach}
	if diff := cmp.Diff(wantReq, gotReq); diff != "" {
		t.Errorf("Attach request (-want +got):\n%s", diff)
	}

	rt, reqs, bodies = fiscalServer(200, `{"Code":"2","Description":"Done","FnNumber":"9289000100348548","FiscalDocumentNumber":"135771","FiscalDocumentAttribute":"207899681","FiscalDate":null,"FiscalType":null}`)
	p = newProvider(t, rt, nil)
	st, err := p.ReceiptStatus(t.Context(), payments.ReceiptQuery{ReceiptID: "1019", OrderID: "19"})
	if err != nil {
		t.Fatal(err)
	}
	wantSt := &payments.FiscalReceipt{ID: "1019", Status: payments.FiscalRegistered, Code: "2", Message: "Done",
		Raw: map[string]string{"FnNumber": "9289000100348548", "FiscalDocumentNumber": "135771", "FiscalDocumentAttribute": "207899681"}}
	if diff := cmp.Diff(wantSt, st); diff != "" {
		t.Errorf("ReceiptStatus (-want +got):\n%s", diff)
	}
	r = (*reqs)[0]
	gotReq = []string{r.Method, r.URL.String(), r.Header.Get("Content-Type"), (*bodies)[0]}
	wantReq = []string{"POST", "https://ws.roboxchange.com/RoboFiscal/Receipt/Status", "application/json; charset=utf-8",
		"eyJtZXJjaGFudElkIjoiZ29sZGVuLXNob3AiLCJpZCI6IjEwMTkifQ.OTJhOTNiZTEwMTQ4NThiYjQzZjQ2OTc5YzcxMjZkM2M"}
	if diff := cmp.Diff(wantReq, gotReq); diff != "" {
		t.Errorf("Status request (-want +got):\n%s", diff)
	}
}
