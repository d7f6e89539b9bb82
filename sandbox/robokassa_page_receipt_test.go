package sandbox

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments/robokassa"
)

var rkReceiptLineRE = regexp.MustCompile(`<tr class="receipt-line">(.*?)</tr>`)

// rkReceiptLines returns the cells of the payment page's receipt lines.
func rkReceiptLines(body string) [][]string {
	var lines [][]string
	for _, m := range rkReceiptLineRE.FindAllStringSubmatch(body, -1) {
		cells := strings.Split(strings.TrimSuffix(strings.TrimPrefix(m[1], "<td>"), "</td>"), "</td><td>")
		lines = append(lines, cells)
	}
	return lines
}

// The payment page shows the lines of the link's receipt, escaped as text,
// in a GET link and in a POST form (PaymentForm).
func TestRobokassaPageShowsReceipt(t *testing.T) {
	t.Parallel()
	e := newRKEnv(t, rkEnvOptions{})
	items := []robokassa.ReceiptItem{
		{Name: "Блокнот «Гофер»", Quantity: decimalOf("2"), Sum: decimalOf("700.00"), Tax: "vat22", PaymentMethod: "full_prepayment", PaymentObject: "commodity"},
		{Name: `<script>alert("x")</script>`, Quantity: decimalOf("1"), Sum: decimalOf("1.50"), Tax: "none"},
	}
	want := [][]string{
		{"Блокнот «Гофер»", "2", "700", "vat22", "full_prepayment", "commodity"},
		{"&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;", "1", "1.5", "none", "", ""},
	}
	l := &robokassa.Link{Amount: rubs("701.50"), InvID: 81, Receipt: &robokassa.Receipt{Sno: "osn", Items: items}}
	step, err := e.prov.PaymentForm(l)
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{}
	for _, f := range step.Fields {
		form.Set(f.Name, f.Value)
	}
	_, posted, _ := e.post(step.URL, form)
	l.InvID = 82
	_, got, _ := e.get(e.link(l))
	for name, body := range map[string]string{"POST form": posted, "GET link": got} {
		t.Run(name, func(t *testing.T) {
			if !strings.Contains(body, `id="pay"`) || !strings.Contains(body, `<table id="receipt">`) {
				t.Fatalf("no payment page with a receipt table:\n%s", body)
			}
			if diff := cmp.Diff(want, rkReceiptLines(body)); diff != "" {
				t.Errorf("receipt lines (-want +got):\n%s", diff)
			}
			if !strings.Contains(body, `<span id="receipt-sno">osn</span>`) {
				t.Errorf("the page does not show sno osn:\n%s", body)
			}
			if strings.Contains(body, "<script>") || strings.Contains(body, `"items"`) {
				t.Errorf("the page shows raw markup or JSON:\n%s", body)
			}
		})
	}
}

// A link without a receipt shows no receipt table.
func TestRobokassaPageWithoutReceipt(t *testing.T) {
	t.Parallel()
	e := newRKEnv(t, rkEnvOptions{})
	_, body, _ := e.get(e.link(&robokassa.Link{Amount: rubs("10.00"), InvID: 83}))
	if !strings.Contains(body, `id="pay"`) || strings.Contains(body, `id="receipt"`) {
		t.Errorf("want the payment page without a receipt:\n%s", body)
	}
}

// A Receipt that is JSON but not a receipt object is refused, as Index.aspx
// refuses any bad parameter, rather than shown raw or as an empty table.
func TestRobokassaReceiptNotAReceipt(t *testing.T) {
	t.Parallel()
	e := newRKEnv(t, rkEnvOptions{})
	for _, tt := range []struct{ name, receipt string }{
		{"array", `[1,2]`},
		{"string", `"items"`},
		{"number", `42`},
		{"items not a list", `{"items":"x"}`},
		{"name not a string", `{"items":[{"name":7,"quantity":1,"sum":1,"tax":"none"}]}`},
		{"quantity not a number", `{"items":[{"name":"a","quantity":"one","sum":1,"tax":"none"}]}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			q := "MerchantLogin=sandbox-shop&OutSum=10&InvId=1&Receipt=" + url.QueryEscape(tt.receipt)
			link := e.sbURL + "/Merchant/Index.aspx?" + q + "&SignatureValue=" + robokassa.MD5.Sign("sandbox-shop:10:1:"+tt.receipt+":sandbox-pass1")
			status, body, _ := e.get(link)
			if status != http.StatusOK || !strings.Contains(body, `id="error-message"`) || !strings.Contains(body, "Receipt") {
				t.Fatalf("want an error page about Receipt, got %d\n%s", status, body)
			}
		})
	}
}

// rkDecodeReceipt never panics, and accepts only JSON objects.
func FuzzRobokassaReceiptDecode(f *testing.F) {
	for _, seed := range []string{`{"sno":"osn","items":[{"name":"Чай","quantity":2,"sum":20.00,"tax":"vat22"}]}`,
		`[1]`, `{}`, `{"items":null}`, ` {"items":[{"quantity":"1e400"}]}`, `{"items":[{"name":"<script>"}]}`, ""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, js string) {
		r, ok := rkDecodeReceipt(js)
		if ok != (r != nil) {
			t.Fatalf("ok %v with receipt %v", ok, r)
		}
		if ok && !strings.HasPrefix(strings.TrimSpace(js), "{") {
			t.Errorf("accepted %q, which is not an object", js)
		}
	})
}
