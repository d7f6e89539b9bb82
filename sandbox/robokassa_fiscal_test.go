package sandbox

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments/robokassa"
	"github.com/shopspring/decimal"
)

// rkFiscal builds a RoboFiscal body: base64url(json) "."
// base64url(hex(md5(base64url(json) + password))), no padding
// (https://docs.robokassa.ru/second-check).
func rkFiscal(json, password string) string {
	b64 := base64.RawURLEncoding.EncodeToString([]byte(json))
	sum := md5.Sum([]byte(b64 + password))
	return b64 + "." + base64.RawURLEncoding.EncodeToString([]byte(hex.EncodeToString(sum[:])))
}

// fiscal posts body to RoboFiscal/Receipt/<path> as sdk-php does.
func (e *rkEnv) fiscal(path, body string) string {
	e.t.Helper()
	resp, err := e.browser.Post(e.sbURL+"/RoboFiscal/Receipt/"+path, "application/json", strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	status, got, _ := readResp(e.t, resp)
	if status != http.StatusOK {
		e.t.Fatalf("%s answered %d %q", path, status, got)
	}
	return strings.TrimSpace(got)
}

// The worked example of https://docs.robokassa.ru/second-check (password
// robokassatest, md5 3001586201143da4232896c44244bdbb, signature part
// MzAwMTU4NjIwMTE0M2RhNDIzMjg5NmM0NDI0NGJkYmI) is accepted for a paid
// operation 13 and recorded as its second receipt.
func TestRobokassaFiscalDocsExample(t *testing.T) {
	t.Parallel()
	const b64 = "eyJtZXJjaGFudElkIjogInJvYm9rYXNzYV9zZWxsIiwiaWQiOiAiMTQiLCJvcmlnaW5JZCI6ICIxMyIsIm9wZXJhdGlvbiI6ICJzZWxsIiwKInNubyI6ICJvc24iLCJ1cmwiOiAiaHR0cHM6Ly93d3cucm9ib2thc3NhLnJ1LyIsInRvdGFsIjogMTAwLCJpdGVtcyI6IFt7Im5hbWUiOiAi0KLQvtCy0LDRgCIsInF1YW50aXR5IjogMSwic3VtIjogMTAwLCJ0YXgiOiAibm9uZSIsInBheW1lbnRfbWV0aG9kIjogImZ1bGxfcGF5bWVudCIsInBheW1lbnRfb2JqZWN0IjogImNvbW1vZGl0eSJ9XSwiY2xpZW50IjogeyJlbWFpbCI6ICJ0ZXN0QHRlc3QucnUiLCJwaG9uZSI6ICI3MTIzNDU2Nzg5MCJ9LCJwYXltZW50cyI6IFt7InR5cGUiOiAyLCJzdW0iOiAxMDB9XSwidmF0cyI6IFt7InR5cGUiOiAibm9uZSIsInN1bSI6IDB9XX0"
	e := newRKEnv(t, rkEnvOptions{shop: RobokassaShop{MerchantLogin: "robokassa_sell", Password1: "robokassatest"}})
	_, token := e.open(e.link(&robokassa.Link{Amount: rubs("100.00"), InvID: 13}))
	e.press("pay", token)
	if got := e.fiscal("Attach", b64+".MzAwMTU4NjIwMTE0M2RhNDIzMjg5NmM0NDI0NGJkYmI"); got != `{"ResultCode":"0","ResultDescription":"ok"}` {
		t.Fatalf("Attach answered %s", got)
	}
	js, _ := base64.RawURLEncoding.DecodeString(b64)
	p, _ := e.sb.RobokassaPayment(13)
	if diff := cmp.Diff([]RobokassaReceipt{{Kind: RobokassaReceiptSecond, ID: "14", JSON: string(js)}}, p.Receipts); diff != "" {
		t.Errorf("receipts (-want +got)\n%s", diff)
	}
}

// The golden-shop vectors (computed, not published): the second receipt of
// payment 19 (md5 0b248752e95c59f5ec456a17720fffd6) and its status
// (md5 92a93be1014858bb43f46979c7126d3c), built as in
// https://docs.robokassa.ru/second-check. The payment shows both its
// receipts; a third, a bad signature, padding and unknown ids are refused.
func TestRobokassaFiscalGolden(t *testing.T) {
	t.Parallel()
	const (
		attach = "eyJtZXJjaGFudElkIjoiZ29sZGVuLXNob3AiLCJpZCI6IjEwMTkiLCJvcmlnaW5JZCI6IjE5Iiwib3BlcmF0aW9uIjoic2VsbCIsInNubyI6Im9zbiIsInVybCI6Imh0dHBzOi8vc2hvcC5leGFtcGxlLyIsInRvdGFsIjoxMCwiaXRlbXMiOlt7Im5hbWUiOiJJdGVtIiwicXVhbnRpdHkiOjEsInN1bSI6MTAsInRheCI6Im5vbmUiLCJwYXltZW50X21ldGhvZCI6ImZ1bGxfcGF5bWVudCIsInBheW1lbnRfb2JqZWN0IjoiY29tbW9kaXR5In1dLCJjbGllbnQiOnsiZW1haWwiOiJidXllckBleGFtcGxlLmNvbSJ9LCJwYXltZW50cyI6W3sidHlwZSI6Miwic3VtIjoxMH1dLCJ2YXRzIjpbeyJ0eXBlIjoibm9uZSIsInN1bSI6MH1dfQ.MGIyNDg3NTJlOTVjNTlmNWVjNDU2YTE3NzIwZmZmZDY"
		status = "eyJtZXJjaGFudElkIjoiZ29sZGVuLXNob3AiLCJpZCI6IjEwMTkifQ.OTJhOTNiZTEwMTQ4NThiYjQzZjQ2OTc5YzcxMjZkM2M"
		pass   = "Pass1_golden8"
	)
	e := newRKEnv(t, rkEnvOptions{shop: RobokassaShop{MerchantLogin: "golden-shop", Password1: pass}})
	one := decimal.NewFromInt(1)
	_, token := e.open(e.link(&robokassa.Link{Amount: rubs("10.00"), InvID: 19, Receipt: &robokassa.Receipt{Sno: "osn",
		Items: []robokassa.ReceiptItem{{Name: "Item", Quantity: one, Sum: decimal.NewFromInt(10), Tax: "none", PaymentMethod: "full_prepayment", PaymentObject: "commodity"}}}}))
	e.press("pay", token)
	if got := e.fiscal("Status", status); !strings.Contains(got, `"Code":"1000"`) {
		t.Errorf("Status before Attach answered %s", got)
	}
	if got := e.fiscal("Attach", attach); got != `{"ResultCode":"0","ResultDescription":"ok"}` {
		t.Fatalf("Attach answered %s", got)
	}
	want := `{"Code":"2","Description":"Done","FnNumber":"9999078900000001","FiscalDocumentNumber":"1019","FiscalDocumentAttribute":"1000001019","FiscalDate":null,"FiscalType":null}`
	if diff := cmp.Diff(want, e.fiscal("Status", status)); diff != "" {
		t.Errorf("Status (-want +got)\n%s", diff)
	}
	p, _ := e.sb.RobokassaPayment(19)
	if len(p.Receipts) != 2 || p.Receipts[0].Kind != RobokassaReceiptFirst || !strings.Contains(p.Receipts[0].JSON, `"name":"Item"`) ||
		p.Receipts[1].Kind != RobokassaReceiptSecond || p.Receipts[1].ID != "1019" {
		t.Errorf("receipts %+v", p.Receipts)
	}
	third := `{"merchantId":"golden-shop","id":"1020","originId":"19","operation":"sell","items":[{"name":"Item","payment_method":"full_payment"}]}`
	b64, sig, _ := strings.Cut(attach, ".")
	tests := []struct{ name, path, body, code string }{
		{"third receipt", "Attach", rkFiscal(third, pass), `"ResultCode":"1000"`},
		{"bad signature", "Attach", b64 + "." + sig[:len(sig)-1] + "Q", `"ResultCode":"1001"`},
		{"wrong password", "Attach", rkFiscal(third, "Pass2_golden8"), `"ResultCode":"1001"`},
		{"padding", "Attach", b64 + "." + sig + "=", `"ResultCode":"1000"`},
		{"CR in the signature", "Attach", b64 + "." + sig[:10] + "\r" + sig[10:], `"ResultCode":"1000"`},
		{"standard alphabet", "Attach", strings.NewReplacer("-", "+", "_", "/").Replace(rkFiscal(`{"merchantId":"golden-shop","id":"1021","originId":"19","x":"??>"}`, pass)), `"ResultCode":"1000"`},
		{"no signature", "Attach", b64, `"ResultCode":"1000"`},
		{"unknown origin", "Attach", rkFiscal(strings.Replace(third, `"19"`, `"77"`, 1), pass), `"ResultCode":"1000"`},
		{"same ids", "Attach", rkFiscal(strings.Replace(third, `"1020"`, `"19"`, 1), pass), `"ResultCode":"1000"`},
		{"prepayment", "Attach", rkFiscal(strings.Replace(third, "full_payment", "prepayment", 1), pass), `"ResultCode":"1000"`},
		{"other merchant", "Attach", rkFiscal(strings.Replace(third, "golden-shop", "other", 1), pass), `"ResultCode":"1000"`},
		{"status bad signature", "Status", strings.TrimSuffix(status, "M") + "A", `"Code":"1001"`},
		{"status unknown id", "Status", rkFiscal(`{"merchantId":"golden-shop","id":"5"}`, pass), `"Code":"1000"`},
		{"status by InvId", "Status", rkFiscal(`{"merchantId":"golden-shop","id":"19"}`, pass), `"Code":"2"`},
	}
	for _, tt := range tests {
		if got := e.fiscal(tt.path, tt.body); !strings.Contains(got, tt.code) {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.code)
		}
	}
	if p, _ := e.sb.RobokassaPayment(19); len(p.Receipts) != 2 {
		t.Errorf("receipts after refusals %+v", p.Receipts)
	}
}
