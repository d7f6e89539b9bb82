package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestQuickstart(t *testing.T) {
	var out strings.Builder
	if err := run(t.Context(), &out); err != nil {
		t.Fatal(err)
	}
	want := `1. payment order-1001 for 1500.00 RUB is pending: redirect the buyer to https://pay.fake.invalid/pay/pay_1
2. webhook delivery 1: answered 200 "ok", handled 1 time(s), order shipped: true
2. webhook delivery 2: answered 200 "ok", handled 1 time(s), order shipped: true
3. the provider confirms 1500.00 RUB paid for order-1001
4. refund ref_1 (reference order-1001-refund-1) of 500.00 RUB: succeeded
5. balance: 1000.00 RUB
6. payout wd_1 of 1000.00 RUB to 411111******1111: processing
`
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
}
