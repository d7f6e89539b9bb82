package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/paykit/payments"
	"github.com/paykit/payments/clientsdk"
	"github.com/paykit/payments/robokassa"
	"github.com/paykit/payments/sandbox"
)

// TestBrowserSandboxPages opens every page the sandbox shows a buyer, for
// each provider, in headless Chromium, and checks each at a phone's and a
// desktop's width (flow.checkPage: styled, no horizontal overflow, main
// content visible, nothing overlapping), saving screenshots into
// CHECKOUT_SCREENSHOT_DIR when it is set. On the way it presses Pay again
// on a declined order's page, which must lead back to a payment page.
//
// It skips only when no Chromium is installed (CI fails a skip).
func TestBrowserSandboxPages(t *testing.T) {
	t.Parallel()
	path := findChromium()
	if path == "" {
		t.Skip("chromium not installed: apt-get install chromium")
	}
	browser := startBrowser(t, path)

	t.Run("robokassa", func(t *testing.T) {
		t.Parallel()
		in := startShop(t, "robokassa")
		f := newFlow(t, browser, "sandbox-robokassa")
		buy := func(product, wait string) {
			f.do("buy "+product, chromedp.Navigate(in.url+"/"), chromedp.Click(chromedp.CSS("#buy-"+product)), chromedp.WaitVisible(chromedp.CSS(wait)))
		}
		buy("tshirt", "#pay")
		f.checkPage("payment", "Robokassa")
		buy("notebook", "#receipt")
		f.checkPage("payment-receipt", "Robokassa")
		buy("bike", "#hold")
		f.checkPage("payment-hold", "Robokassa")

		prov, err := robokassa.New(in.sandbox.RobokassaConfig())
		if err != nil {
			t.Fatal(err)
		}
		link, err := prov.PaymentURL(&robokassa.Link{Amount: payments.MustParseMoney("10.00", payments.RUB), InvID: 901, Description: "Подпись / Signature", Shp: map[string]string{"order": "901"}})
		if err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse(link)
		q := u.Query()
		q.Set("SignatureValue", strings.Repeat("0", len(q.Get("SignatureValue"))))
		u.RawQuery = q.Encode()
		f.do("open a wrongly signed link", chromedp.Navigate(u.String()), chromedp.WaitVisible(chromedp.CSS("#signature-base")))
		if base := f.text("#signature-base"); base != "sandbox-shop:10.00:901:<Password #1>:Shp_order=901" {
			f.fail("the error page expects the base string %q", base)
		}
		f.checkPage("error-signature", "Robokassa")

		unavailable, err := prov.PaymentURL(&robokassa.Link{Amount: payments.MustParseMoney(sandbox.TriggerUnavailable, payments.RUB), InvID: 902})
		if err != nil {
			t.Fatal(err)
		}
		f.do("open a link of trigger 42.42", chromedp.Navigate(unavailable), chromedp.WaitVisible(chromedp.CSS("#message")))
		f.checkPage("message", "Robokassa")

		// Without a FailURL a declined invoice stays on the sandbox, whose
		// page offers Pay again: the same invoice's payment page.
		noReturn, err := prov.PaymentURL(&robokassa.Link{Amount: payments.MustParseMoney("10.00", payments.RUB), InvID: 903, Description: "Без FailURL / No FailURL"})
		if err != nil {
			t.Fatal(err)
		}
		f.do("decline a link without a FailURL", chromedp.Navigate(noReturn), chromedp.WaitVisible(chromedp.CSS("#decline")),
			chromedp.Click(chromedp.CSS("#decline")), chromedp.WaitVisible(chromedp.CSS("#pay-again")))
		f.checkPage("declined", "Robokassa")
		f.do("pay again on the sandbox", chromedp.Click(chromedp.CSS("#pay-again")), chromedp.WaitVisible(chromedp.CSS("#pay")))
		if inv := f.text("#inv-id"); inv != "903" {
			f.fail("Pay again opened invoice %s, want 903", inv)
		}

		buy("mug", "#pay")
		f.do("decline", chromedp.Click(chromedp.CSS("#decline")), chromedp.WaitVisible(chromedp.CSS("#pay-again")))
		f.keep("order-declined")
		f.do("pay again", chromedp.Click(chromedp.CSS("#pay-again")), chromedp.WaitVisible(chromedp.CSS("#pay")))
		f.checkPage("payment-again", "Robokassa")
	})

	t.Run("clientsdk", func(t *testing.T) {
		t.Parallel()
		in := startShop(t, "clientsdk")
		f := newFlow(t, browser, "sandbox-clientsdk")
		f.do("buy the mug", chromedp.Navigate(in.url+"/"), chromedp.Click(chromedp.CSS("#buy-mug")), chromedp.WaitVisible(chromedp.CSS("#pay")))
		f.checkPage("payment", "sbank/PayHub")
		page := f.location()
		f.do("pay", chromedp.Click(chromedp.CSS("#pay")), chromedp.WaitVisible(chromedp.CSS("#status")))
		f.do("back to the payment page", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("#state")))
		f.checkPage("result-paid", "sbank/PayHub")
		f.do("open an unknown payment", chromedp.Navigate(in.sandbox.URL()+"/sbank/pay/no-such-payment"), chromedp.WaitVisible(chromedp.CSS("#state")))
		f.checkPage("not-found", "sbank/PayHub")

		// The 3-D Secure challenge page, where a card payment with browser
		// data sends the buyer (GET with the form_data, as the shop's form
		// would POST it).
		acs := clientsdkInit3DS(t, in.sandbox.URL())
		f.do("open the 3-D Secure page", chromedp.Navigate(acs), chromedp.WaitVisible(chromedp.CSS("#pay")))
		f.checkPage("3ds", "sbank/PayHub")
	})

	t.Run("tbank", func(t *testing.T) {
		t.Parallel()
		in := startShop(t, "tbank")
		f := newFlow(t, browser, "sandbox-tbank")
		f.do("reserve the bike", chromedp.Navigate(in.url+"/"), chromedp.Click(chromedp.CSS("#buy-bike")), chromedp.WaitVisible(chromedp.CSS("#hold")))
		f.checkPage("payment-hold", "T-Bank")
		f.do("buy the mug", chromedp.Navigate(in.url+"/"), chromedp.Click(chromedp.CSS("#buy-mug")), chromedp.WaitVisible(chromedp.CSS("#pay")))
		f.checkPage("payment", "T-Bank")
		page := f.location()
		f.do("decline", chromedp.Click(chromedp.CSS("#decline")), chromedp.WaitVisible(chromedp.CSS("#pay-again")))
		f.keep("order-declined")
		f.do("back to the payment page", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("#state")))
		f.checkPage("result-declined", "T-Bank")
		f.do("pay again", chromedp.Navigate(in.url+"/orders/2"), chromedp.WaitVisible(chromedp.CSS("#pay-again")),
			chromedp.Click(chromedp.CSS("#pay-again")), chromedp.WaitVisible(chromedp.CSS("#pay")))
		f.checkPage("payment-again", "T-Bank")
		f.do("open an unknown payment", chromedp.Navigate(in.sandbox.URL()+"/tbank/pay/no-such-payment"), chromedp.WaitVisible(chromedp.CSS("#state")))
		f.checkPage("not-found", "T-Bank")

		// The SBP bank app's page, reached from GetQr's PAYLOAD.
		api := in.sandbox.TBankAPI()
		init := tbankCall(t, api, "Init", map[string]string{"Amount": "49000", "OrderId": "sbp-1", "Description": "СБП / SBP"})
		qr := tbankCall(t, api, "GetQr", map[string]string{"PaymentId": init["PaymentId"]})
		f.do("open the SBP bank app", chromedp.Navigate(qr["Data"]), chromedp.WaitVisible(chromedp.CSS("#pay")))
		f.checkPage("sbp", "T-Bank")
	})
}

// clientsdkInit3DS starts a 3-D Secure card payment on the sandbox's
// sbank/PayHub side and returns the URL of its challenge page with the
// form_data in the query.
func clientsdkInit3DS(t *testing.T, base string) string {
	t.Helper()
	params := []clientsdk.Param{
		{Key: "merchant_id", Value: sandbox.ClientSDKMerchantID}, {Key: "product_id", Value: sandbox.ClientSDKProductID},
		{Key: "amount", Value: "490.00"}, {Key: "order", Value: "3ds-1"}, {Key: "description", Value: "3-D Secure"}, {Key: "language", Value: "ru"},
		{Key: "pan", Value: "4111111111111111"}, {Key: "expire_month", Value: "12"}, {Key: "expire_year", Value: "35"}, {Key: "cvc", Value: "123"},
		{Key: "device_channel", Value: "BRW"}, {Key: "device_browser_ip", Value: "127.0.0.1"}, {Key: "device_browser_accept_header", Value: "text/html"},
		{Key: "device_browser_java_enabled", Value: "false"}, {Key: "device_browser_language", Value: "ru-RU"}, {Key: "device_browser_color_depth", Value: "24"},
		{Key: "device_browser_screen_height", Value: "800"}, {Key: "device_browser_screen_width", Value: "1280"}, {Key: "device_browser_tz", Value: "-180"},
		{Key: "device_browser_user_agent", Value: "Mozilla/5.0"},
	}
	sig, err := clientsdk.Sign("/init", http.MethodPost, params, sandbox.ClientSDKSecret)
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"signature": {sig}}
	for _, p := range params {
		form.Set(p.Key, p.Value)
	}
	resp, err := http.PostForm(base+"/init", form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var answer struct {
		URL      string            `json:"url"`
		FormData map[string]string `json:"form_data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil || answer.URL == "" || answer.FormData["creq"] == "" {
		t.Fatalf("/init of a 3-D Secure payment: HTTP %d, %+v, %v", resp.StatusCode, answer, err)
	}
	q := url.Values{}
	for k, v := range answer.FormData {
		q.Set(k, v)
	}
	return answer.URL + "?" + q.Encode()
}

// tbankCall calls a T-Bank API method of the sandbox with fields (strings,
// signed with the terminal's Token: the values and Password sorted by key,
// concatenated, SHA-256) and returns the answer's values as text. It fails
// the test unless Success is true.
func tbankCall(t *testing.T, api sandbox.TBankAPI, method string, fields map[string]string) map[string]string {
	t.Helper()
	fields["TerminalKey"] = api.TerminalKey
	signed := map[string]string{"Password": api.Password.Reveal()}
	keys := []string{"Password"}
	for k, v := range fields {
		signed[k] = v
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var base strings.Builder
	for _, k := range keys {
		base.WriteString(signed[k])
	}
	sum := sha256.Sum256([]byte(base.String()))
	body := map[string]string{"Token": hex.EncodeToString(sum[:])}
	for k, v := range fields {
		body[k] = v
	}
	raw, _ := json.Marshal(body)
	resp, err := http.Post(api.BaseURL+"/"+method, "application/json", bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	defer resp.Body.Close()
	dec := json.NewDecoder(resp.Body)
	dec.UseNumber()
	var answer map[string]any
	if err := dec.Decode(&answer); err != nil || answer["Success"] != true {
		t.Fatalf("%s: %v %v", method, answer, err)
	}
	out := map[string]string{}
	for k, v := range answer {
		if s, ok := v.(string); ok {
			out[k] = s
		} else if n, ok := v.(json.Number); ok {
			out[k] = n.String()
		}
	}
	return out
}
