package robokassa

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/paykit/payments"
)

// Issue 8 #15: tests that kill mutants which survived the suite. Each
// names the code it guards.

// checkSignature's refusal of a repeated signed field, seen through
// VerifyResultSignature itself (VerifyResultURL has later checks that hid
// a mutant returning no error there): a form whose signature is 32 zeros
// must not verify.
func TestVerifyResultSignatureRepeatedFields(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, nil)
	zeros := strings.Repeat("0", 32)
	tests := []struct {
		name string
		form url.Values
	}{
		{"Shp_ twice", url.Values{"OutSum": {"10.000000"}, "InvId": {"19"}, "Shp_order": {"42", "42"}, "SignatureValue": {zeros}}},
		{"shp_ twice, lower-case prefix", url.Values{"OutSum": {"10.000000"}, "InvId": {"19"}, "shp_order": {"42", "43"}, "SignatureValue": {zeros}}},
		{"OutSum twice", url.Values{"OutSum": {"10.000000", "10.000000"}, "InvId": {"19"}, "SignatureValue": {zeros}}},
		{"InvId twice", url.Values{"OutSum": {"10.000000"}, "InvId": {"19", "19"}, "SignatureValue": {zeros}}},
		{"SignatureValue twice", url.Values{"OutSum": {"10.000000"}, "InvId": {"19"}, "SignatureValue": {zeros, zeros}}},
		{"Shp_ with no value at all", url.Values{"OutSum": {"10.000000"}, "InvId": {"19"}, "Shp_order": {}, "SignatureValue": {zeros}}},
		{"legacy out_summ twice", url.Values{"out_summ": {"1", "1"}, "inv_id": {"19"}, "crc": {zeros}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if err := p.VerifyResultSignature(tt.form); !errors.Is(err, payments.ErrInvalidRequest) {
				t.Errorf("err = %v, want ErrInvalidRequest", err)
			}
		})
	}
	// A repeated field that is correctly signed over its first value is
	// still refused.
	f := resultForm()
	f.Add("Shp_order", "43")
	if err := p.VerifyResultSignature(f); !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("signed form with Shp_order twice: %v", err)
	}
}

// errReader fails every read.
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// readForm's refusals keep their reason (a mutant returning no error there
// would leave an empty form that fails later for another reason).
func TestReadFormErrors(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, nil)
	errRead := errors.New("connection reset by peer")
	unreadable, _ := http.NewRequest(http.MethodPost, "https://shop.example/result", errReader{errRead})
	noURL := &http.Request{Method: http.MethodGet}
	noBody := &http.Request{Method: http.MethodPost, Header: http.Header{}}
	tests := []struct {
		name string
		req  *http.Request
		msg  string // in the error's message
	}{
		{"nil request", nil, "nil request"},
		{"unreadable body", unreadable, "reading the body"},
		{"GET without a URL", noURL, "no URL"},
		{"POST without a body", noBody, "empty body"},
		{"bad content type", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, "https://shop.example/result", strings.NewReader(resultForm().Encode()))
			r.Header.Set("Content-Type", "text/plain")
			return r
		}(), "not a form"},
		{"unparsable content type", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, "https://shop.example/result", strings.NewReader(resultForm().Encode()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded; =")
			return r
		}(), "not a form"},
		{"malformed query", &http.Request{Method: http.MethodGet, URL: &url.URL{RawQuery: "OutSum=%zz"}}, "malformed form"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ev, err := p.VerifyWebhook(t.Context(), tt.req)
			var pe *payments.Error
			if ev != nil || !errors.Is(err, payments.ErrInvalidRequest) || !errors.As(err, &pe) || !strings.Contains(pe.Message, tt.msg) {
				t.Errorf("VerifyWebhook = %+v, %v; want ErrInvalidRequest saying %q", ev, err, tt.msg)
			}
		})
	}
	if _, err := p.VerifyWebhook(t.Context(), unreadable); !errors.Is(err, errRead) {
		t.Errorf("unreadable body: %v does not wrap the read error", err)
	}
	// A request without a method is a GET.
	r := &http.Request{URL: &url.URL{RawQuery: resultForm().Encode()}}
	if _, err := p.VerifyWebhook(t.Context(), r); err != nil {
		t.Errorf("request without a method: %v", err)
	}
}

// parseAmount: a correctly signed callback whose OutSum is zero or
// negative is refused.
func TestSignedCallbackNonPositiveAmount(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, nil)
	for _, outSum := range []string{"0.000000", "-10.000000", "0", "-0.01"} {
		f := url.Values{"OutSum": {outSum}, "InvId": {"19"}, "Shp_order": {"42"}}
		res := signed(copyValues(f), outSum+":19:Pass2_golden8:Shp_order=42")
		if err := p.VerifyResultSignature(res); err != nil {
			t.Fatalf("OutSum %s: the test's signature: %v", outSum, err)
		}
		if n, err := p.VerifyResultURL(res); n != nil || !errors.Is(err, payments.ErrInvalidRequest) {
			t.Errorf("VerifyResultURL(OutSum %s) = %+v, %v; want ErrInvalidRequest", outSum, n, err)
		}
		succ := signed(copyValues(f), outSum+":19:Pass1_golden8:Shp_order=42")
		if n, err := p.VerifySuccessURL(succ); n != nil || !errors.Is(err, payments.ErrInvalidRequest) {
			t.Errorf("VerifySuccessURL(OutSum %s) = %+v, %v; want ErrInvalidRequest", outSum, n, err)
		}
	}
	// The smallest positive amount passes.
	f := signed(url.Values{"OutSum": {"0.010000"}, "InvId": {"19"}}, "0.010000:19:Pass2_golden8")
	if n, err := p.VerifyResultURL(f); err != nil || !n.Amount.Equal(rub("0.01")) {
		t.Errorf("OutSum 0.010000: %+v, %v", n, err)
	}
}

// The unsigned Fee: kept when it is a non-negative amount, dropped
// otherwise.
func TestNotificationFee(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, nil)
	tests := []struct {
		fee  string
		want payments.Money
	}{
		{"0.390000", rub("0.39")},
		{"0.000000", rub("0")},
		{"-1.000000", payments.Money{}},
		{"n/a", payments.Money{}},
		{"", payments.Money{}},
	}
	for _, tt := range tests {
		f := resultForm()
		f.Set("Fee", tt.fee)
		n, err := p.VerifyResultURL(f)
		if err != nil {
			t.Fatal(err)
		}
		if n.Fee.Currency != tt.want.Currency || !n.Fee.Amount.Equal(tt.want.Amount) {
			t.Errorf("Fee %q: %#v, want %#v", tt.fee, n.Fee, tt.want)
		}
	}
}

// The XML Result check and the HTTP status boundaries of decodeXML,
// through OpState.
func TestOpStateStatusAndResult(t *testing.T) {
	t.Parallel()
	const (
		ok       = `<OperationStateResponse xmlns="http://merchant.roboxchange.com/WebService/"><Result><Code>0</Code></Result><State><Code>100</Code></State></OperationStateResponse>`
		notFound = `<OperationStateResponse xmlns="http://merchant.roboxchange.com/WebService/"><Result><Code>3</Code><Description>нет</Description></Result></OperationStateResponse>`
		noCode   = `<OperationStateResponse xmlns="http://merchant.roboxchange.com/WebService/"><State><Code>100</Code></State></OperationStateResponse>`
		unknown  = `<OperationStateResponse><Result><Code>77</Code></Result></OperationStateResponse>`
	)
	tests := []struct {
		name   string
		status int
		body   string
		kind   error  // nil: succeeds
		msg    string // in the error's message
	}{
		{"200 ok", 200, ok, nil, ""},
		{"299 ok", 299, ok, nil, ""},
		{"300 with Result 0", 300, ok, payments.ErrProtocol, "HTTP 300"},
		{"199 with Result 0", 199, ok, payments.ErrProtocol, "HTTP 199"},
		{"500 with Result 0", 500, ok, payments.ErrUnavailable, "HTTP 500"},
		{"500 with Result 3: the Result code wins", 500, notFound, payments.ErrNotFound, "нет"},
		{"500 without a Result code", 500, noCode, payments.ErrUnavailable, "HTTP 500"},
		{"500 garbage", 500, "<html>", payments.ErrUnavailable, "HTTP 500"},
		{"200 Result 3", 200, notFound, payments.ErrNotFound, "нет"},
		{"200 unknown Result code", 200, unknown, payments.ErrProtocol, "unknown Result code"},
		{"200 without a Result code", 200, noCode, payments.ErrProtocol, "no valid Result code"},
		{"200 garbage", 200, "<html", payments.ErrProtocol, "malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rt, _ := respond(tt.status, "text/xml", tt.body)
			st, err := newProvider(t, rt, nil).OpState(t.Context(), 19)
			if tt.kind == nil {
				if err != nil || st.StateCode != 100 {
					t.Errorf("OpState = %+v, %v", st, err)
				}
				return
			}
			var pe *payments.Error
			if st != nil || !errors.Is(err, tt.kind) || !errors.As(err, &pe) || !strings.Contains(pe.Message, tt.msg) {
				t.Errorf("OpState = %+v, %v; want %v saying %q", st, err, tt.kind, tt.msg)
			}
		})
	}
}

// The HTTP status boundaries of Invoice API answers (decodeInvoiceAnswer):
// DeactivateInvoice is classified as a read, CreateInvoice as a payment.
func TestInvoiceAnswerStatus(t *testing.T) {
	t.Parallel()
	const (
		success = `{"isSuccess":true,"id":"g","url":"https://auth.robokassa.ru/merchant/Invoice/x","invId":1,"encodedId":"x"}`
		refused = `{"isSuccess":false,"errorMessage":"bad invoice"}`
	)
	tests := []struct {
		name   string
		status int
		body   string
		kind   error // nil: succeeds
		msg    string
	}{
		{"200 success", 200, success, nil, ""},
		{"299 success", 299, success, nil, ""},
		{"500 success body", 500, success, payments.ErrUnavailable, "HTTP 500"},
		{"499 refusal", 499, refused, payments.ErrInvalidRequest, "bad invoice"},
		{"200 refusal", 200, refused, payments.ErrInvalidRequest, "bad invoice"},
		{"200 garbage", 200, "<html>", payments.ErrProtocol, "malformed"},
		{"299 garbage", 299, "<html>", payments.ErrProtocol, "malformed"},
		{"300 garbage", 300, "<html>", payments.ErrProtocol, "HTTP 300"},
		{"199 garbage", 199, "<html>", payments.ErrProtocol, "HTTP 199"},
		{"404 garbage", 404, "<html>", payments.ErrNotFound, "HTTP 404"},
		{"200 without isSuccess", 200, `{"id":"g"}`, payments.ErrProtocol, "malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rt, _ := respond(tt.status, "application/json", tt.body)
			err := newProvider(t, rt, nil).DeactivateInvoice(t.Context(), InvoiceRef{InvID: 1})
			if tt.kind == nil {
				if err != nil {
					t.Errorf("DeactivateInvoice: %v", err)
				}
				return
			}
			var pe *payments.Error
			if !errors.Is(err, tt.kind) || !errors.As(err, &pe) || !strings.Contains(pe.Message, tt.msg) {
				t.Errorf("DeactivateInvoice: %v; want %v saying %q", err, tt.kind, tt.msg)
			}
		})
	}
	// An answer without isSuccess says so.
	rt, _ := respond(200, "application/json", `{"id":"g"}`)
	if err := newProvider(t, rt, nil).DeactivateInvoice(t.Context(), InvoiceRef{InvID: 1}); err == nil || !strings.Contains(err.Error(), "no isSuccess field") {
		t.Errorf("answer without isSuccess: %v", err)
	}
	// CreateInvoice moves money: a 5xx, even with a success body, and a
	// malformed answer are outcome unknown.
	for _, tc := range []struct {
		status int
		body   string
	}{{500, success}, {200, "<html>"}, {299, "{}"}} {
		rt, _ := respond(tc.status, "application/json", tc.body)
		ci, err := newProvider(t, rt, nil).CreateInvoice(t.Context(), goldenInvoice())
		if ci != nil || !errors.Is(err, payments.ErrOutcomeUnknown) {
			t.Errorf("CreateInvoice %d %s: %+v, %v; want ErrOutcomeUnknown", tc.status, tc.body, ci, err)
		}
	}
}

// The split comment's length is counted in characters: 100 Cyrillic
// letters (200 bytes) pass, 101 do not.
func TestSplitCommentLength(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, nil)
	for _, tt := range []struct {
		n  int
		ok bool
	}{{MaxDescription - 1, true}, {MaxDescription, true}, {MaxDescription + 1, false}} {
		s := docsSplit()
		s.Comment = strings.Repeat("ж", tt.n)
		_, _, err := p.SplitInvoice(s)
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, payments.ErrInvalidRequest)) {
			t.Errorf("comment of %d characters: %v", tt.n, err)
		}
	}
}

// io.Reader check for errReader.
var _ io.Reader = errReader{}
