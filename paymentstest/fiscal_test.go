package paymentstest_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

func settlement(orderID, receiptID string) *payments.ReceiptRequest {
	return &payments.ReceiptRequest{OrderID: orderID, ReceiptID: receiptID, Kind: payments.ReceiptSettlement, Receipt: *lines("10.00")}
}

// A receipt after payment is pending until registered or failed, one per
// payment (its own receipt being the first of Robokassa's two), for paid
// payments only.
func TestReceiptsAfterPayment(t *testing.T) {
	t.Parallel()
	both(t, func(t *testing.T, f *paymentstest.Fake, p lifecycleProvider) {
		mustInit(t, p, initReq("1001", "10.00"))
		_, err := p.SendReceipt(t.Context(), settlement("1001", "2001"))
		wantKind(t, err, payments.ErrInvalidState) // not paid yet
		_, err = p.SendReceipt(t.Context(), settlement("404", "2001"))
		wantKind(t, err, payments.ErrNotFound)
		if err := f.MarkPaid("1001"); err != nil {
			t.Fatal(err)
		}
		bad := settlement("1001", "2001")
		bad.Receipt.Items[0].PaymentMethod = "full_prepayment"
		_, err = p.SendReceipt(t.Context(), bad)
		wantKind(t, err, payments.ErrInvalidRequest)

		r, err := p.SendReceipt(t.Context(), settlement("1001", "2001"))
		if err != nil {
			t.Fatal(err)
		}
		want := &payments.FiscalReceipt{ID: "2001", OrderID: "1001", Status: payments.FiscalPending}
		if diff := cmp.Diff(want, r); diff != "" {
			t.Errorf("SendReceipt (-want +got):\n%s", diff)
		}
		_, sent, ok := f.Receipt("2001")
		if !ok || len(sent.Items) != 1 || sent.Items[0].Name != "Kettle" {
			t.Errorf("the fake holds %+v, %t", sent, ok)
		}
		_, err = p.SendReceipt(t.Context(), settlement("1001", "2002"))
		wantKind(t, err, payments.ErrInvalidState) // all its receipts
		mustInit(t, p, initReq("1002", "10.00"))
		if err := f.MarkPaid("1002"); err != nil {
			t.Fatal(err)
		}
		_, err = p.SendReceipt(t.Context(), settlement("1002", "2001"))
		wantKind(t, err, payments.ErrDuplicate)

		if err := f.RegisterReceipt("2001"); err != nil {
			t.Fatal(err)
		}
		wantKind(t, f.RegisterReceipt("2001"), payments.ErrInvalidState)
		wantKind(t, f.FailReceipt("404", "", ""), payments.ErrNotFound)
		got, err := p.ReceiptStatus(t.Context(), payments.ReceiptQuery{ReceiptID: "2001", OrderID: "1001"})
		if err != nil {
			t.Fatal(err)
		}
		want = &payments.FiscalReceipt{ID: "2001", OrderID: "1001", Status: payments.FiscalRegistered, RegisteredAt: fixedNow}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("ReceiptStatus (-want +got):\n%s", diff)
		}
		_, err = p.ReceiptStatus(t.Context(), payments.ReceiptQuery{ReceiptID: "2001", OrderID: "1002"})
		wantKind(t, err, payments.ErrNotFound)
		_, err = p.ReceiptStatus(t.Context(), payments.ReceiptQuery{ReceiptID: "2999"})
		wantKind(t, err, payments.ErrNotFound)

		if _, err := p.SendReceipt(t.Context(), settlement("1002", "2003")); err != nil {
			t.Fatal(err)
		}
		if err := f.FailReceipt("2003", "3", "fiscal drive error"); err != nil {
			t.Fatal(err)
		}
		got, err = p.ReceiptStatus(t.Context(), payments.ReceiptQuery{ReceiptID: "2003"})
		if err != nil || got.Status != payments.FiscalFailed || got.Code != "3" || got.Message != "fiscal drive error" {
			t.Errorf("failed receipt %+v, %v", got, err)
		}
	})
}

// FailNext and Calls cover the lifecycle's operations too; over HTTP the
// injected error arrives as its category.
func TestLifecycleFailNext(t *testing.T) {
	t.Parallel()
	both(t, func(t *testing.T, f *paymentstest.Fake, p lifecycleProvider) {
		calls := map[payments.Operation]func() error{
			payments.OpCapture: func() error {
				_, err := p.Capture(t.Context(), &payments.CaptureRequest{OrderID: "1001"})
				return err
			},
			payments.OpCancel: func() error { _, err := p.Cancel(t.Context(), &payments.CancelRequest{OrderID: "1001"}); return err },
			payments.OpCharge: func() error {
				_, err := p.Charge(t.Context(), &payments.ChargeRequest{OrderID: "1002", ParentOrderID: "1001", Amount: rub("1")})
				return err
			},
			payments.OpSendReceipt: func() error { _, err := p.SendReceipt(t.Context(), settlement("1001", "2001")); return err },
			payments.OpReceiptStatus: func() error {
				_, err := p.ReceiptStatus(t.Context(), payments.ReceiptQuery{ReceiptID: "2001"})
				return err
			},
		}
		for op, call := range calls {
			f.FailNext(op, payments.NewError(payments.ErrRateLimited, "slow_down", "injected"))
			err := call()
			wantKind(t, err, payments.ErrRateLimited)
			if n := f.Calls(op); n != 1 {
				t.Errorf("Calls(%s) = %d, want 1", op, n)
			}
		}
	})
}
