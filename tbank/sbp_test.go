package tbank

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// qrAnswer is a GetQr answer with a payload shaped like the OAS /v2/GetQr
// sample (a https://qr.nspk.ru/ link), for the fixtures' payment.
const (
	qrPayloadURL = "https://qr.nspk.ru/AS1000670LSS7DN18SJQDNP4B05KLJL2?type=01&bank=100000000001&sum=100000&cur=RUB&crc=C08B"
	qrAnswer     = `{"Success":true,"ErrorCode":"0","TerminalKey":"1700000000000DEMO","OrderId":"order-42","Data":"` + qrPayloadURL + `","PaymentId":7003551234,"Message":"OK"}`
)

func sbpClient(t *testing.T, steps ...step) (*payments.Client, *script) {
	t.Helper()
	p, s := newScripted(t, steps...)
	c, err := payments.New(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c, s
}

func sbpInit(amount string) *payments.InitRequest {
	return &payments.InitRequest{OrderID: "order-42", Amount: rub(amount), Description: "Заказ 42", PaymentMethod: payments.MethodSBP}
}

// TestInitPaymentSBP: an SBP payment is Init (one-stage) and then GetQr
// with DataType PAYLOAD and the numeric PaymentId («СБП», /v2/GetQr); the
// next step is a GET redirect to the payload, which Raw keeps too.
func TestInitPaymentSBP(t *testing.T) {
	t.Parallel()
	c, s := sbpClient(t, step{method: "Init", body: initAnswer}, step{method: "GetQr", body: qrAnswer})
	pay, err := c.InitPayment(context.Background(), sbpInit("1000.00"))
	if err != nil {
		t.Fatal(err)
	}
	s.done()
	if diff := cmp.Diff("O", s.sentText(0, "PayType")); diff != "" {
		t.Errorf("Init PayType (-want +got):\n%s", diff)
	}
	gotQr := map[string]string{"PaymentId": string(s.sent[1]["PaymentId"]), "DataType": s.sentText(1, "DataType")}
	if diff := cmp.Diff(map[string]string{"PaymentId": "7003551234", "DataType": "PAYLOAD"}, gotQr); diff != "" {
		t.Errorf("GetQr request (-want +got):\n%s", diff)
	}
	want := payments.NextStep{Kind: payments.NextRedirect, URL: qrPayloadURL}
	if diff := cmp.Diff(want, pay.NextStep); diff != "" {
		t.Errorf("NextStep (-want +got):\n%s", diff)
	}
	if pay.Raw[RawQRPayload] != qrPayloadURL || pay.Method != "SBP" || pay.ID != "7003551234" || pay.Status != payments.StatusPending {
		t.Errorf("payment = %+v", pay)
	}
}

// TestInitPaymentSBPRefused: what T-Bank does not do with SBP is refused
// before anything is sent («СБП»: one-stage only, at least 10 RUB; SBP
// recurring payments use AddAccountQr/ChargeQr, not a RebillId); 10.00 RUB
// itself is accepted.
func TestInitPaymentSBPRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		edit func(*payments.InitRequest)
		want error
	}{
		{"hold", func(r *payments.InitRequest) { r.Hold = true }, errors.ErrUnsupported},
		{"recurring", func(r *payments.InitRequest) { r.Recurring = true }, errors.ErrUnsupported},
		{"below 10 RUB", func(r *payments.InitRequest) { r.Amount = rub("9.99") }, payments.ErrInvalidRequest},
		{"10 RUB", func(r *payments.InitRequest) { r.Amount = rub("10.00") }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var steps []step
			if tt.want == nil {
				steps = []step{{method: "Init", body: strings.Replace(initAnswer, `"Amount":100000`, `"Amount":1000`, 1)}, {method: "GetQr", body: qrAnswer}}
			}
			c, s := sbpClient(t, steps...)
			req := sbpInit("1000.00")
			tt.edit(req)
			_, err := c.InitPayment(context.Background(), req)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			s.done()
		})
	}
}

// TestInitPaymentSBPGetQrFails: GetQr failing after Init created the
// session is a read's failure, never payments.ErrOutcomeUnknown (GetQr
// moves no money, and the Init's outcome is known), and its error names
// the PaymentId that now exists.
func TestInitPaymentSBPGetQrFails(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		qr   step
		want error
	}{
		{"SBP off for the terminal", step{method: "GetQr", body: `{"Success":false,"ErrorCode":"3001","Message":"СБП не подключен"}`}, errors.ErrUnsupported},
		{"internal error", step{method: "GetQr", body: `{"Success":false,"ErrorCode":"3","Message":"Внутренняя ошибка"}`}, payments.ErrUnavailable},
		{"HTTP 500", step{method: "GetQr", status: 500, body: `{"Success":false,"ErrorCode":"3"}`}, payments.ErrUnavailable},
		{"not JSON", step{method: "GetQr", body: `<html>`}, payments.ErrProtocol},
		{"no Data", step{method: "GetQr", body: `{"Success":true,"ErrorCode":"0","PaymentId":7003551234}`}, payments.ErrProtocol},
		{"script URL", step{method: "GetQr", body: `{"Success":true,"ErrorCode":"0","PaymentId":7003551234,"Data":"javascript:alert(1)"}`}, payments.ErrProtocol},
		{"another payment", step{method: "GetQr", body: `{"Success":true,"ErrorCode":"0","PaymentId":7003551299,"Data":"` + qrPayloadURL + `"}`}, payments.ErrProtocol},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, s := sbpClient(t, step{method: "Init", body: initAnswer}, tt.qr)
			pay, err := c.InitPayment(context.Background(), sbpInit("1000.00"))
			s.done()
			if pay != nil || !errors.Is(err, tt.want) || errors.Is(err, payments.ErrOutcomeUnknown) {
				t.Fatalf("InitPayment = %v, %v; want the kind %v", pay, err, tt.want)
			}
			var pe *payments.Error
			if !errors.As(err, &pe) || pe.Op != payments.OpInitPayment || pe.Provider != Name || !strings.Contains(err.Error(), "payment 7003551234 was created") {
				t.Errorf("error %q does not name the operation and the created payment", err)
			}
		})
	}
}

// rtFunc is an http.RoundTripper made of a function.
type rtFunc func(*http.Request) (*http.Response, error)

func (f rtFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestInitPaymentSBPGetQrCanceled: a context cancelled while GetQr is on
// its way is not an unknown outcome either; it still matches
// context.Canceled.
func TestInitPaymentSBPGetQrCanceled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rt := rtFunc(func(r *http.Request) (*http.Response, error) {
		if strings.HasSuffix(r.URL.Path, "/Init") {
			return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(initAnswer)), Request: r}, nil
		}
		cancel()
		return nil, context.Canceled
	})
	p, err := New(Config{TerminalKey: testTerminal, Password: testPassword, BaseURL: testBase, HTTPClient: &http.Client{Transport: rt}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := payments.New(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.InitPayment(ctx, sbpInit("1000.00"))
	if !errors.Is(err, context.Canceled) || errors.Is(err, payments.ErrOutcomeUnknown) || !strings.Contains(fmtErr(err), "7003551234") {
		t.Errorf("err = %v, want context.Canceled naming the payment, not an unknown outcome", err)
	}
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// capture is a transport that keeps the one request it gets and answers
// body.
type capture struct {
	body string
	got  map[string]string
	raw  []byte
}

func (c *capture) RoundTrip(r *http.Request) (*http.Response, error) {
	c.raw, _ = io.ReadAll(r.Body)
	fields, err := parseObject(c.raw)
	if err != nil {
		return nil, err
	}
	c.got = map[string]string{"path": r.URL.Path}
	for k := range fields {
		c.got[k] = answer(fields).text(k)
	}
	return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(c.body)), Request: r}, nil
}

func capturing(t *testing.T, terminal, password, answerBody string) (*Provider, *capture) {
	t.Helper()
	c := &capture{body: answerBody}
	p, err := New(Config{TerminalKey: terminal, Password: payments.Secret(password), BaseURL: testBase, HTTPClient: &http.Client{Transport: c}})
	if err != nil {
		t.Fatal(err)
	}
	return p, c
}

// TestQRImageGoldenT10: GetQr with DataType IMAGE for TerminalKey TestB,
// PaymentId 20150, password Dfsfh56dgKl is signed with the published
// token of ai-iskuzhin/TBankAcquiringNet TBankTokenTests.cs (vector T10),
// and its SVG Data is returned.
func TestQRImageGoldenT10(t *testing.T) {
	t.Parallel()
	p, c := capturing(t, "TestB", "Dfsfh56dgKl", `{"Success":true,"ErrorCode":"0","TerminalKey":"TestB","PaymentId":20150,"Data":"<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>"}`)
	svg, err := p.QRImage(context.Background(), "20150")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"path": "/v2/GetQr", "TerminalKey": "TestB", "PaymentId": "20150", "DataType": "IMAGE",
		"Token": "a65eecdd9fc78ae498777ce3a89462c5f5cdb996511aa3076f0e9e1c42d8b5d9"}
	if diff := cmp.Diff(want, c.got); diff != "" {
		t.Errorf("GetQr request (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(svg, "<svg") {
		t.Errorf("QRImage = %q", svg)
	}
}

// TestSBPPayTestGoldenT12: SbpPayTest with IsDeadlineExpired for the
// public test terminal TinkoffBankTest (password TinkoffBankTest, section
// «Термины» of «Прием платежей», https://www.tbank.ru/kassa/dev/payments/index.html),
// PaymentId 13660 (that document's GetState sample), is signed over the
// boolean as true: vector T12, computed by the rule of section «Токен»
// (not a published vector). The other results send IsRejected or no flag at all.
func TestSBPPayTestGoldenT12(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		result SBPTestResult
		want   map[string]string
	}{
		{"expired", SBPTestExpired, map[string]string{"IsDeadlineExpired": "true",
			"Token": "36228966a3052e695ad0488973e8ec81fdf123f30287c2b02f21e515b9c40b4d"}},
		{"rejected", SBPTestRejected, map[string]string{"IsRejected": "true"}},
		{"paid", SBPTestPaid, map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, c := capturing(t, "TinkoffBankTest", "TinkoffBankTest", `{"Success":true,"ErrorCode":"0","Message":"OK"}`)
			if err := p.SBPPayTest(context.Background(), "13660", tt.result); err != nil {
				t.Fatal(err)
			}
			want := map[string]string{"path": "/v2/SbpPayTest", "TerminalKey": "TinkoffBankTest", "PaymentId": "13660"}
			for k, v := range tt.want {
				want[k] = v
			}
			if _, pinned := tt.want["Token"]; !pinned {
				want["Token"] = c.got["Token"]
			}
			if diff := cmp.Diff(want, c.got); diff != "" {
				t.Errorf("SbpPayTest request (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSBPPayTestErrors: a refusal keeps T-Bank's kind; a 5xx after
// sending is an unknown outcome (the payment may have changed state).
func TestSBPPayTestErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		st   step
		want error
	}{
		{"unknown payment", step{method: "SbpPayTest", body: `{"Success":false,"ErrorCode":"255","Message":"Платеж не найден"}`}, payments.ErrNotFound},
		{"HTTP 500", step{method: "SbpPayTest", status: 500, body: `{}`}, payments.ErrOutcomeUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, s := newScripted(t, tt.st)
			err := p.SBPPayTest(context.Background(), "7003551234", SBPTestPaid)
			s.done()
			var pe *payments.Error
			if !errors.Is(err, tt.want) || !errors.As(err, &pe) || pe.Op != OpSBPPayTest {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
	p, _ := newScripted(t)
	if err := p.SBPPayTest(context.Background(), "1", SBPTestResult(9)); !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("unknown result: err = %v", err)
	}
}

// FuzzGetQrAnswer: GetQr answers are outside input; reading one never
// panics, and a payload it accepts is an http(s) URL the buyer may be
// sent to.
func FuzzGetQrAnswer(f *testing.F) {
	for _, s := range []string{
		qrAnswer,
		`{"Success":true,"ErrorCode":"0","PaymentId":"7003551234","Data":"http://127.0.0.1:1/tbank/sbp/x"}`,
		`{"Success":true,"ErrorCode":"0","Data":"javascript:alert(1)"}`,
		`{"Success":true,"ErrorCode":"0","Data":"https://user:pw@qr.nspk.ru/x"}`,
		`{"Success":true,"ErrorCode":"0","Data":{"a":1}}`,
		`{"Success":false,"ErrorCode":"3001"}`,
		`[]`, `{"Data":"https://qr.nspk.ru/\"><script>"}`,
	} {
		f.Add([]byte(s))
	}
	ex := providerkit.Read(payments.OpInitPayment)
	f.Fuzz(func(t *testing.T, body []byte) {
		fields, err := parseObject(body)
		if err != nil {
			return
		}
		a, err := checkAnswer(ex, fields)
		if err != nil {
			return
		}
		u, err := qrPayload(ex, "7003551234", a)
		if err != nil {
			return
		}
		if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") || strings.ContainsAny(u, "<>\" ") {
			t.Errorf("accepted payload %q", u)
		}
	})
}
