package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRun(t *testing.T) {
	var out strings.Builder
	if err := run(t.Context(), &out); err != nil {
		t.Fatal(err)
	}
	want := `1. payment pay_1 of 10.00 RUB is pending: redirect the buyer to https://pay.acmepay.example/checkout/pay_1
2. webhook answered 200 {"received":true}, handled 1 time(s)
3. Acme confirms 10.00 RUB paid for order-1
4. refund attempt 1: refund re_2 of 4.00 RUB, succeeded
4. refund attempt 2: refund re_2 of 4.00 RUB, succeeded
5. found by reference: refund re_2 of 4.00 RUB; the payment is partially_refunded
`
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
}
