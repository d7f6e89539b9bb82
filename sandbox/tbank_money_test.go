package sandbox

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestTBankCancel: Cancel voids a hold (PARTIAL_REVERSED, REVERSED),
// refunds a confirmed payment (PARTIAL_REFUNDED, REFUNDED), cancels a new
// one (CANCELED), and refuses amounts above what is left (100, 330) and
// a Cancel of a finished payment (8) (OAS /v2/Cancel).
func TestTBankCancel(t *testing.T) {
	t.Parallel()
	type step struct {
		amount     int64 // 0: no Amount (all that is left)
		wantStatus string
		wantCode   string
		wantOrig   float64
		wantNew    float64
	}
	tests := []struct {
		name    string
		payType string
		pay     bool
		steps   []step
	}{
		{"void of a hold in two parts", "T", true, []step{
			{30000, tbPartialReversed, "0", 100000, 70000},
			{80000, "", "100", 0, 0},
			{0, tbReversed, "0", 70000, 0},
			{0, "", "8", 0, 0},
		}},
		{"refund in two parts", "O", true, []step{
			{40000, tbPartialRefunded, "0", 100000, 60000},
			{70000, "", "330", 0, 0},
			{60000, tbRefunded, "0", 60000, 0},
		}},
		{"full refund", "O", true, []step{{0, tbRefunded, "0", 100000, 0}}},
		{"cancel of a new payment", "O", false, []step{{5000, tbCanceled, "0", 100000, 0}, {0, "", "8", 0, 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newTBEnv(t, TBankTerminal{})
			id, _ := e.create(map[string]any{"Amount": 100000, "OrderId": "o", "PayType": tt.payType})
			if tt.pay {
				if err := e.sb.TBankPay(context.Background(), id, ""); err != nil {
					t.Fatal(err)
				}
			}
			notified := 0
			if tt.pay {
				notified = 1
			}
			for i, s := range tt.steps {
				f := map[string]any{"PaymentId": id}
				if s.amount != 0 {
					f["Amount"] = s.amount
				}
				m := e.call("Cancel", f)
				if m["ErrorCode"] != s.wantCode {
					t.Fatalf("step %d: %v, want ErrorCode %s", i, m, s.wantCode)
				}
				if s.wantCode != "0" {
					continue
				}
				notified++
				got := map[string]any{"Status": m["Status"], "OriginalAmount": m["OriginalAmount"], "NewAmount": m["NewAmount"]}
				want := map[string]any{"Status": s.wantStatus, "OriginalAmount": s.wantOrig, "NewAmount": s.wantNew}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("step %d (-want +got):\n%s", i, diff)
				}
				if st := e.status(id); st != s.wantStatus {
					t.Errorf("step %d: GetState %s, want %s", i, st, s.wantStatus)
				}
				last := e.waitDeliveries(notified)[notified-1]
				if last["Status"] != s.wantStatus {
					t.Errorf("step %d: notified %v, want %s", i, last["Status"], s.wantStatus)
				}
			}
		})
	}
}

// TestTBankCancelExternalRequestID: a Cancel repeated with the same
// ExternalRequestId refunds nothing more and answers the current state
// with the first cancel's amounts; another id refunds again.
func TestTBankCancelExternalRequestID(t *testing.T) {
	t.Parallel()
	e := newTBEnv(t, TBankTerminal{})
	id, _ := e.create(map[string]any{"Amount": 100000, "OrderId": "o-ext"})
	if err := e.sb.TBankPay(context.Background(), id, ""); err != nil {
		t.Fatal(err)
	}
	refund := map[string]any{"PaymentId": id, "Amount": 40000, "ExternalRequestId": "refund-42-1"}
	first := e.call("Cancel", refund)
	again := e.call("Cancel", map[string]any{"PaymentId": id, "Amount": 40000, "ExternalRequestId": "refund-42-1"})
	if diff := cmp.Diff(first, again); diff != "" {
		t.Errorf("repeated Cancel answered differently (-first +again):\n%s", diff)
	}
	if st, _ := e.sb.TBankPayment(id); st.Refunded != 40000 || st.Status != tbPartialRefunded {
		t.Fatalf("after the same refund twice: %+v, want 40000 refunded once", st)
	}
	e.call("Cancel", map[string]any{"PaymentId": id, "Amount": 60000, "ExternalRequestId": "refund-42-2"})
	m := e.call("Cancel", map[string]any{"PaymentId": id, "Amount": 40000, "ExternalRequestId": "refund-42-1"})
	if m["Success"] != true || m["Status"] != tbRefunded || m["NewAmount"] != float64(60000) {
		t.Errorf("first id after a full refund: %v, want REFUNDED with its own amounts", m)
	}
	if st, _ := e.sb.TBankPayment(id); st.Refunded != 100000 {
		t.Errorf("refunded %d, want 100000", st.Refunded)
	}
	e.waitDeliveries(3) // CONFIRMED, PARTIAL_REFUNDED, REFUNDED
	if n := e.shop.count(); n != 3 {
		t.Errorf("%d notifications, want 3 (no notification for a repeated id)", n)
	}
}

// TestTBankCharge: a paid recurrent parent gets a RebillId (in its
// notification); a plain Init then Charge with it pays at once
// (CONFIRMED, AUTHORIZED for PayType T); 66.60 and 13.13 are REJECTED; an
// unknown RebillId is 502 and a second Charge 8 (OAS /v2/Charge).
func TestTBankCharge(t *testing.T) {
	t.Parallel()
	e := newTBEnv(t, TBankTerminal{})
	parent, page := e.create(map[string]any{"Amount": 10000, "OrderId": "sub-1", "Recurrent": "Y", "CustomerKey": "cust-1"})
	if html, _ := e.open(page); !strings.Contains(html, `id="recurrent"`) {
		t.Errorf("recurrent page has no note:\n%s", html)
	}
	if err := e.sb.TBankPay(context.Background(), parent, ""); err != nil {
		t.Fatal(err)
	}
	st, _ := e.sb.TBankPayment(parent)
	if st.RebillID == "" {
		t.Fatal("paid recurrent parent has no RebillId")
	}
	if got := e.waitDeliveries(1)[0]["RebillId"]; got != json.Number(st.RebillID) {
		t.Errorf("notification RebillId %v, want the number %s", got, st.RebillID)
	}
	tests := []struct {
		name             string
		amount           int64
		payType          string
		wantStatus, code string
	}{
		{"one-stage", 10000, "", tbConfirmed, "0"},
		{"two-stage", 10000, "T", tbAuthorized, "0"},
		{"trigger 66.60", 6660, "", tbRejected, "1005"},
		{"trigger 13.13", 1313, "", tbRejected, "1051"},
	}
	for i, tt := range tests {
		child, _ := e.create(map[string]any{"Amount": tt.amount, "OrderId": "sub-1-" + string(rune('a'+i)), "PayType": tt.payType})
		m := e.call("Charge", map[string]any{"PaymentId": child, "RebillId": st.RebillID})
		if m["Status"] != tt.wantStatus || m["ErrorCode"] != tt.code {
			t.Errorf("%s: Charge %v, want %s ErrorCode %s", tt.name, m, tt.wantStatus, tt.code)
		}
		if got := e.status(child); got != tt.wantStatus {
			t.Errorf("%s: GetState %s, want %s", tt.name, got, tt.wantStatus)
		}
		if tt.code == "0" {
			if m := e.call("Charge", map[string]any{"PaymentId": child, "RebillId": st.RebillID}); m["ErrorCode"] != "8" {
				t.Errorf("%s: second Charge %v, want ErrorCode 8", tt.name, m)
			}
		}
	}
	child, _ := e.create(map[string]any{"Amount": 10000, "OrderId": "sub-1-x"})
	if m := e.call("Charge", map[string]any{"PaymentId": child, "RebillId": "999"}); m["ErrorCode"] != "502" {
		t.Errorf("unknown RebillId: %v, want 502", m)
	}
}
