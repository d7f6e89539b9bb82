package robokassa_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/paykit/payments"
	"github.com/paykit/payments/robokassa"
	"github.com/shopspring/decimal"
)

// Example_resultURL2 serves the ResultURL form and the ResultUrl2 JWS with
// one handler on two paths. In production the certificate is Robokassa's
// (the default); here a key made on the spot plays Robokassa's part, as a
// sandbox does.
func Example_resultURL2() {
	key, certPEM := exampleSigner()
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	p, err := robokassa.New(robokassa.Config{
		MerchantLogin: "golden-shop", Password1: "Pass1_golden8", Password2: "Pass2_golden8", Algorithm: robokassa.MD5,
		ResultURL2Certificates: certPEM, // empty: Robokassa's current certificate
		Now:                    func() time.Time { return now },
	})
	if err != nil {
		log.Fatal(err)
	}
	client, err := payments.New(p, &payments.Options{Now: func() time.Time { return now }})
	if err != nil {
		log.Fatal(err)
	}
	h := client.WebhookHandler(func(_ context.Context, ev *payments.Event) error {
		fmt.Println(ev.ID, ev.Status, ev.Amount) // capture the hold when the order ships
		return nil
	}, nil)
	mux := http.NewServeMux()
	mux.Handle("/robokassa/result", h)  // the shop's ResultURL setting
	mux.Handle("/robokassa/result2", h) // InitRequest.NotificationURL

	// Robokassa reports a hold (InitRequest.Hold) to ResultUrl2 only.
	tok, err := robokassa.SignResultURL2(key, robokassa.ResultURL2Notification{
		Timestamp: now.Add(-time.Minute), Shop: "golden-shop", OpKey: "14D2B521-4EAB-492A-9D91-00D12FF24D57-1NvHENLwgp",
		InvID: "19", PaymentMethod: "BankCard", IncSum: payments.MustParseMoney("10.00", payments.RUB), State: robokassa.StateHold,
	})
	if err != nil {
		log.Fatal(err)
	}
	for range 2 { // a retry is acknowledged, not handled again
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/robokassa/result2", strings.NewReader(tok)))
		fmt.Println(w.Code, w.Body.String())
	}
	// Output:
	// result2:golden-shop:19:HOLD authorized 10.00 RUB
	// 200 OK19
	// 200 OK19
}

// ExampleProvider_SendReceipt sends the settlement ("second") receipt when
// the goods of prepaid order 19 are delivered, and looks it up. A local
// server stands in for RoboFiscal (Config.FiscalURL).
func ExampleProvider_SendReceipt() {
	fiscal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if strings.HasSuffix(r.URL.Path, "/Attach") {
			fmt.Fprint(w, `{"ResultCode":"0","ResultDescription":"ok"}`)
			return
		}
		fmt.Fprint(w, `{"Code":"2","Description":"Done","FnNumber":"9289000100348548","FiscalDocumentNumber":"135771"}`)
	}))
	defer fiscal.Close()
	p, err := robokassa.New(robokassa.Config{
		MerchantLogin: "golden-shop", Password1: "Pass1_golden8", Password2: "Pass2_golden8", Algorithm: robokassa.MD5,
		FiscalURL: fiscal.URL, ShopURL: "https://shop.example/",
	})
	if err != nil {
		log.Fatal(err)
	}
	client, err := payments.New(p, nil)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	r, err := client.SendReceipt(ctx, &payments.ReceiptRequest{
		OrderID: "19", ReceiptID: "1019", Kind: payments.ReceiptSettlement,
		Receipt: payments.Receipt{TaxSystem: "osn", Email: "buyer@example.com", Items: []payments.ReceiptItem{{
			Name: "Item", Quantity: decimal.NewFromInt(1), Amount: payments.MustParseMoney("10.00", payments.RUB),
			Tax: "none", PaymentObject: "commodity",
		}}},
	})
	if err != nil {
		log.Fatal(err) // on ErrOutcomeUnknown: ReceiptStatus first, never a resend
	}
	fmt.Println(r.Status)
	r, err = client.ReceiptStatus(ctx, payments.ReceiptQuery{ReceiptID: "1019", OrderID: "19"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Status, r.Raw["FiscalDocumentNumber"])
	// Output:
	// pending
	// registered 135771
}

// exampleSigner returns a key and its self-signed certificate, standing in
// for Robokassa's.
func exampleSigner() (*rsa.PrivateKey, string) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		log.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "example"},
		NotBefore: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		log.Fatal(err)
	}
	return key, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}
