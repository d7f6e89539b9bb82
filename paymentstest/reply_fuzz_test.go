package paymentstest

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// FuzzReply feeds arbitrary bodies to the HTTPProvider's reply parsers (the
// JSON shapes of Handler's documentation) and to its error-reply parser.
// None may panic; whatever a parser accepts must survive a round trip
// through the server's encoding unchanged, and every error reply must be
// categorized.
func FuzzReply(f *testing.F) {
	f.Add(`{"order_id":"1001","id":"pay_1","status":"pending","amount":"10.00","currency":"RUB","next_step":{"kind":"redirect","url":"https://pay.fake.invalid/pay/pay_1"}}`)
	f.Add(`{"order_id":"1011","id":"pay_3","status":"requires_action","amount":"10.00","currency":"RUB","method":"card","card":"411111******1111",` +
		`"next_step":{"kind":"post_form","url":"https://pay.fake.invalid/pay/pay_3/3ds","fields":[{"name":"PaReq","value":"x"},{"name":"MD","value":"pay_3"}]}}`)
	f.Add(`{"order_id":"1001","id":"pay_1","status":"failed","amount":"10.00","currency":"RUB","fee":"0.35","error_code":"common","metadata":{"cart":"42"}}`)
	f.Add(`{"id":"ref_1","order_id":"1002","status":"succeeded","amount":"4.00","currency":"RUB"}`)
	f.Add(`{"id":"ref_1","order_id":"1002","status":"succeeded","amount":"4.00","currency":"RUB","reference":"r-1","metadata":{"ticket":"T-1"}}`)
	f.Add(`{"id":"ref_1","order_id":"1002","status":"succeeded","amount":"4.00","currency":"RUB","metadata":{}}`)
	f.Add(`{"id":"wd_1","order_id":"2001","status":"processing","amount":"50.00","currency":"RUB","metadata":{}}`)
	f.Add(`{"currency":"RUB","available":"100.00"}`)
	f.Add(`{"id":"wd_1","order_id":"2001","status":"processing","amount":"50.00","currency":"RUB","card":"411111******1111"}`)
	f.Add(`{"error":{"code":"insufficient_funds","message":"balance 0.00 RUB is below the refund of 10.00 RUB"}}`)
	f.Add(`{"error":{"code":"declined","reason":"card_declined","message":"x","fields":{"amount":["too big"]}}}`)
	// The lifecycle: a hold, a charge of a recurring parent, receipts.
	f.Add(`{"order_id":"1001","id":"pay_1","status":"authorized","amount":"10.00","currency":"RUB","held_until":"2026-03-08T12:00:00Z"}`)
	f.Add(`{"order_id":"1002","id":"pay_2","status":"succeeded","amount":"7.00","currency":"RUB","method":"card","mandate":"mandate_1","parent_order_id":"1001","metadata":{"plan":"basic"}}`)
	f.Add(`{"order_id":"1001","id":"pay_1","status":"authorized","amount":"10.00","currency":"RUB","held_until":"not a time"}`)
	f.Add(`{"id":"2001","order_id":"1001","status":"pending"}`)
	f.Add(`{"id":"2001","order_id":"1001","status":"registered","registered_at":"2026-03-01T12:00:00+03:00"}`)
	f.Add(`{"id":"2001","status":"failed","code":"3","message":"fiscal drive error"}`)
	f.Add(`{"id":"2001","status":"done"}`)
	f.Add(`{"error":{"code":"invalid_state","reason":"already_captured","message":"payment of order 1001 is succeeded, not held"}}`)
	f.Add(`{"amount":1e400}`)
	f.Add(`null`)
	f.Add("\x00\x01}{")
	f.Fuzz(func(t *testing.T, body string) {
		var pay apiPayment
		if json.Unmarshal([]byte(body), &pay) == nil {
			if p, err := pay.payment(); err == nil {
				checkValid(t, p.Status, p.Amount)
				again := fromPayment(p)
				p2, err := again.payment()
				if err != nil {
					t.Fatalf("re-encoded payment %+v fails: %v", again, err)
				}
				if diff := cmp.Diff(p, p2); diff != "" {
					t.Fatalf("payment round trip (-first +second):\n%s", diff)
				}
			}
		}
		var ref apiRefund
		if json.Unmarshal([]byte(body), &ref) == nil {
			if r, err := ref.refund(); err == nil {
				checkValid(t, r.Status, r.Amount)
				again := fromRefund(r)
				if r2, err := again.refund(); err != nil || !cmp.Equal(r, r2) {
					t.Fatalf("refund round trip: %+v then %+v, %v", r, r2, err)
				}
			}
		}
		var fr apiFiscalReceipt
		if json.Unmarshal([]byte(body), &fr) == nil {
			if r, err := fr.fiscal(); err == nil {
				if !r.Status.Valid() || r.ID == "" {
					t.Fatalf("accepted receipt %+v", r)
				}
				again := fromFiscal(r)
				if r2, err := again.fiscal(); err != nil || !cmp.Equal(r, r2) {
					t.Fatalf("receipt round trip: %+v then %+v, %v", r, r2, err)
				}
			}
		}
		var bal apiBalance
		if json.Unmarshal([]byte(body), &bal) == nil {
			if b, err := bal.balance(); err == nil {
				checkValid(t, payments.StatusSucceeded, b.Available)
			}
		}
		var wd apiPayout
		if json.Unmarshal([]byte(body), &wd) == nil {
			if w, err := wd.withdrawal(); err == nil {
				checkValid(t, w.Status, w.Amount)
				again := fromPayout(w)
				if w2, err := again.withdrawal(); err != nil || !cmp.Equal(w, w2) {
					t.Fatalf("payout round trip: %+v then %+v, %v", w, w2, err)
				}
			}
		}
		for _, status := range []int{302, 400, 402, 404, 500} {
			err := replyError(providerkit.Moving(payments.OpRefund), &providerkit.Response{StatusCode: status, Body: []byte(body)})
			var pe *payments.Error
			if !errors.As(err, &pe) || pe.Kind == nil || pe.Op != payments.OpRefund {
				t.Fatalf("status %d: error %#v is not a categorized *payments.Error", status, err)
			}
			if status >= 500 && !errors.Is(err, payments.ErrOutcomeUnknown) {
				t.Fatalf("status %d on a refund: %v, want outcome unknown", status, err)
			}
		}
	})
}

func checkValid(t *testing.T, s payments.Status, m payments.Money) {
	t.Helper()
	if !s.Valid() {
		t.Fatalf("accepted status %q", s)
	}
	if err := m.Validate(); err != nil {
		t.Fatalf("accepted amount %v: %v", m, err)
	}
}

// TestErrorReplyRoundTrip checks that every category in the API's table
// survives errorReply and replyError with its code and fields.
func TestErrorReplyRoundTrip(t *testing.T) {
	t.Parallel()
	for _, c := range errorCodes {
		t.Run(c.code, func(t *testing.T) {
			t.Parallel()
			in := &payments.Error{Kind: c.kind, Code: "specific", Message: "what happened", Fields: map[string][]string{"amount": {"too big"}}}
			status, body := errorReply(in)
			if status != c.status {
				t.Errorf("status %d, want %d", status, c.status)
			}
			b, err := json.Marshal(body)
			if err != nil {
				t.Fatal(err)
			}
			op := payments.OpPaymentStatus
			got := replyError(providerkit.Read(op), &providerkit.Response{StatusCode: status, Body: b})
			want := &payments.Error{Op: op, Kind: c.kind, Code: "specific", Message: "what happened", Fields: in.Fields}
			if status >= 500 {
				// 5xx follow the shared policy, which prefixes the status.
				want = providerkit.StatusError(providerkit.Read(op), status, "specific", "what happened").(*payments.Error)
				want.Fields = nil
			}
			if diff := cmp.Diff(flat(want), flat(got)); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
	}
}

// flatError is a *payments.Error with its Kind as the sentinel's text, for
// comparing with cmp.
type flatError struct {
	Op            payments.Operation
	Kind          string
	Code, Message string
	Fields        map[string][]string
}

func flat(err error) flatError {
	var pe *payments.Error
	if !errors.As(err, &pe) {
		return flatError{Message: "not a *payments.Error: " + err.Error()}
	}
	return flatError{Op: pe.Op, Kind: pe.Kind.Error(), Code: pe.Code, Message: pe.Message, Fields: pe.Fields}
}
