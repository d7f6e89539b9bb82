package sandbox

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/paykit/payments/robokassa"
)

// rkParseFiscal takes any body without panicking; what it accepts is
// signed with the password and decodes to a JSON object, and re-encoding
// it with the same signature gives the body back.
func FuzzRobokassaFiscalBody(f *testing.F) {
	for _, seed := range []string{
		// https://docs.robokassa.ru/second-check (golden-shop Status vector).
		"eyJtZXJjaGFudElkIjoiZ29sZGVuLXNob3AiLCJpZCI6IjEwMTkifQ.OTJhOTNiZTEwMTQ4NThiYjQzZjQ2OTc5YzcxMjZkM2M",
		rkFiscal(`{"merchantId":"sandbox-shop","id":"2","originId":"1"}`, DefaultRobokassaPassword1),
		rkFiscal(`[1,2]`, DefaultRobokassaPassword1), rkFiscal(`{}`, "other"),
		"", ".", "a.b.c", "e30=.e30", "e30.", " e30.MA \n", strings.Repeat("A", 100) + "." + strings.Repeat("B", 40),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		js, err := rkParseFiscal([]byte(body), robokassa.MD5, DefaultRobokassaPassword1)
		if err != nil {
			return
		}
		trimmed := string(bytes.TrimSpace([]byte(body)))
		if got := rkFiscal(string(js), DefaultRobokassaPassword1); got != trimmed {
			t.Errorf("accepted %q, re-encoded %q", trimmed, got)
		}
		if o := bytes.TrimSpace(js); len(o) == 0 || o[0] != '{' {
			t.Errorf("accepted a receipt that is not an object: %q", js)
		}
	})
}

// rkFuzzPaths are the lifecycle endpoints, under /Merchant/ or (Fiscal/)
// /RoboFiscal/Receipt/.
var rkFuzzPaths = []string{"Payment/Confirm", "Payment/Cancel", "Recurring", "Fiscal/Attach", "Fiscal/Status"}

// Confirm, Cancel, Recurring and the RoboFiscal endpoints take any body
// without panicking and answer in their documented shapes (the seeds
// include a valid Confirm and Cancel of a held payment).
func FuzzRobokassaLifecycleRequests(f *testing.F) {
	for _, seed := range []string{
		"MerchantLogin=sandbox-shop&InvoiceID=7&OutSum=10.00&SignatureValue=" + sig1("sandbox-shop:10.00:7"),
		"MerchantLogin=sandbox-shop&InvoiceID=7&OutSum=10.00&SignatureValue=" + sig1("sandbox-shop::7"),
		"MerchantLogin=sandbox-shop&InvoiceID=8&PreviousInvoiceID=7&OutSum=1.00&SignatureValue=" + sig1("sandbox-shop:1.00:8"),
		"", "%zz", "OutSum=42.42", "OutSum=66.66&InvoiceID=7", "InvoiceID=7&InvoiceID=7", "Shp_a=:&Shp_b==",
		rkFiscal(`{"merchantId":"sandbox-shop","id":"9","originId":"7","items":[{"payment_method":"full_payment"}]}`, DefaultRobokassaPassword1),
	} {
		for i := range rkFuzzPaths {
			f.Add(uint8(i), seed)
		}
	}
	s := newFuzzSandbox(f)
	prov, err := robokassa.New(s.RobokassaConfig())
	if err != nil {
		f.Fatal(err)
	}
	link, err := prov.PaymentURL(&robokassa.Link{Amount: rubs("10.00"), InvID: 7, StepByStep: true, ResultURL2: "http://127.0.0.1:1/r2"})
	if err != nil {
		f.Fatal(err)
	}
	serve(s, http.MethodGet, "/Merchant/Index.aspx", link[strings.Index(link, "?")+1:], "", "")
	if _, err := s.RobokassaPay(context.Background(), 7); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, which uint8, body string) {
		path := rkFuzzPaths[int(which)%len(rkFuzzPaths)]
		target := "/Merchant/" + path
		if p, ok := strings.CutPrefix(path, "Fiscal/"); ok {
			target = "/RoboFiscal/Receipt/" + p
		}
		w := serve(s, http.MethodPost, target, "", "application/x-www-form-urlencoded", body)
		got := w.Body.String()
		switch {
		case w.Code == http.StatusServiceUnavailable || w.Code == http.StatusInternalServerError:
			// triggers 42.42 and 66.66
		case strings.HasPrefix(path, "Payment/"):
			if got != `"success: true"` && got != `"success: false"` {
				t.Errorf("%s answered %q", path, got)
			}
		case path == "Recurring":
			if got == "" {
				t.Error("Recurring answered nothing")
			}
		case strings.HasPrefix(path, "Fiscal/"):
			if !strings.HasPrefix(got, `{"`) {
				t.Errorf("%s answered %q", path, got)
			}
		}
	})
}
