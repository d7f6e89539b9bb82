package payments_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

func qty(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// TestMoneyMulRoundingTable checks the four rules against the table in
// Java's RoundingMode documentation (columns UP, DOWN, HALF_UP, HALF_EVEN,
// https://docs.oracle.com/en/java/javase/21/docs/api/java.base/java/math/RoundingMode.html),
// as 1 JPY (no minor unit) times the table's input.
func TestMoneyMulRoundingTable(t *testing.T) {
	t.Parallel()
	rules := []payments.Rounding{payments.RoundUp, payments.RoundDown, payments.RoundHalfUp, payments.RoundHalfEven}
	tests := []struct {
		input string
		want  [4]string // UP, DOWN, HALF_UP, HALF_EVEN
	}{
		{"5.5", [4]string{"6", "5", "6", "6"}},
		{"2.5", [4]string{"3", "2", "3", "2"}},
		{"1.6", [4]string{"2", "1", "2", "2"}},
		{"1.1", [4]string{"2", "1", "1", "1"}},
		{"1.0", [4]string{"1", "1", "1", "1"}},
		{"-1.0", [4]string{"-1", "-1", "-1", "-1"}},
		{"-1.1", [4]string{"-2", "-1", "-1", "-1"}},
		{"-1.6", [4]string{"-2", "-1", "-2", "-2"}},
		{"-2.5", [4]string{"-3", "-2", "-3", "-2"}},
		{"-5.5", [4]string{"-6", "-5", "-6", "-6"}},
	}
	yen := payments.MustParseMoney("1", "JPY")
	for _, tt := range tests {
		for i, rule := range rules {
			t.Run(tt.input+"/"+rule.String(), func(t *testing.T) {
				t.Parallel()
				got, err := yen.Mul(qty(tt.input), rule)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tt.want[i]+" JPY", got.String()); diff != "" {
					t.Errorf("1 JPY × %s by %s (-want +got):\n%s", tt.input, rule, diff)
				}
			})
		}
	}
}

func TestMoneyMul(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		price payments.Money
		qty   string
		rule  payments.Rounding
		want  string
	}{
		{"exact kilograms", rub("100.00"), "0.333", payments.RoundDown, "33.30 RUB"},
		{"three units", rub("33.33"), "3", payments.RoundHalfUp, "99.99 RUB"},
		{"half kopeck up", rub("0.25"), "0.5", payments.RoundHalfUp, "0.13 RUB"},
		{"half kopeck to even", rub("0.25"), "0.5", payments.RoundHalfEven, "0.12 RUB"},
		{"odd half kopeck to even", rub("0.27"), "0.5", payments.RoundHalfEven, "0.14 RUB"},
		{"below half", rub("99.99"), "0.1234", payments.RoundHalfUp, "12.34 RUB"},
		{"truncated", rub("99.99"), "0.1239", payments.RoundDown, "12.38 RUB"},
		{"rounded up", rub("99.99"), "0.1231", payments.RoundUp, "12.31 RUB"},
		{"negative rounded up is away from zero", rub("-0.25"), "0.5", payments.RoundUp, "-0.13 RUB"},
		{"negative truncated is toward zero", rub("-0.25"), "0.5", payments.RoundDown, "-0.12 RUB"},
		{"zero quantity", rub("10.00"), "0", payments.RoundHalfUp, "0.00 RUB"},
		{"negative quantity", rub("10.00"), "-2", payments.RoundHalfUp, "-20.00 RUB"},
		{"three places", payments.MustParseMoney("1.234", "KWD"), "0.5", payments.RoundHalfUp, "0.617 KWD"},
		{"four places", payments.MustParseMoney("0.0001", "CLF"), "0.5", payments.RoundUp, "0.0001 CLF"},
		{"40 digits of quantity", rub("0.01"), "1234567890123456789012345678901234567.890", payments.RoundHalfUp, "12345678901234567890123456789012345.68 RUB"},
		{"40 places of quantity", rub("1"), "0.0000000000000000000000000000000000000001", payments.RoundUp, "0.01 RUB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.price.Mul(qty(tt.qty), tt.rule)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got.String()); diff != "" {
				t.Errorf("%v × %s by %s (-want +got):\n%s", tt.price, tt.qty, tt.rule, diff)
			}
		})
	}
}

func TestMoneyAddSub(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		a, b          payments.Money
		wantAdd, wSub string
	}{
		{"kopecks", rub("10.50"), rub("0.55"), "11.05 RUB", "9.95 RUB"},
		{"to a negative", rub("1"), rub("2.01"), "3.01 RUB", "-1.01 RUB"},
		{"zero amounts", rub("0"), rub("0"), "0.00 RUB", "0.00 RUB"},
		{"from minor units", mustMinor(t, 1, payments.RUB), rub("0.99"), "1.00 RUB", "-0.98 RUB"},
		{"yen", payments.MustParseMoney("500", "JPY"), payments.MustParseMoney("1", "JPY"), "501 JPY", "499 JPY"},
		{"beyond int64", rub("99999999999999999999"), rub("1"), "100000000000000000000.00 RUB", "99999999999999999998.00 RUB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sum, err := tt.a.Add(tt.b)
			if err != nil {
				t.Fatal(err)
			}
			diff, err := tt.a.Sub(tt.b)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff([]string{tt.wantAdd, tt.wSub}, []string{sum.String(), diff.String()}); d != "" {
				t.Errorf("%v + and - %v (-want +got):\n%s", tt.a, tt.b, d)
			}
		})
	}
}

func mustMinor(t *testing.T, n int64, c payments.Currency) payments.Money {
	t.Helper()
	m, err := payments.MinorUnits(n, c)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSum(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		lines []payments.Money
		want  string
	}{
		{"one line", []payments.Money{rub("350")}, "350.00 RUB"},
		{"lines", []payments.Money{rub("33.33"), rub("33.33"), rub("33.34")}, "100.00 RUB"},
		{"with a discount line", []payments.Money{rub("1500"), rub("-150.50")}, "1349.50 RUB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := payments.Sum(tt.lines...)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got.String()); diff != "" {
				t.Errorf("Sum (-want +got):\n%s", diff)
			}
		})
	}
}

// TestMoneyArithmeticRefuses checks that every operation refuses bad
// operands with an error wrapping ErrInvalidRequest that says why, quickly,
// without panicking, and returns the zero Money.
func TestMoneyArithmeticRefuses(t *testing.T) {
	t.Parallel()
	eur := payments.MustParseMoney("1.00", payments.EUR)
	big39 := rub(strings.Repeat("9", 37)) // 40 characters with ".00"
	huge := payments.Money{Amount: decimal.New(1, 1_000_000_000), Currency: payments.RUB}
	tiny := payments.Money{Amount: decimal.New(1, -1_000_000_000), Currency: payments.RUB}
	tests := []struct {
		name string
		op   func() (payments.Money, error)
		want string // in the message
	}{
		{"add mixed currencies", func() (payments.Money, error) { return rub("1").Add(eur) }, "add: RUB and EUR are different currencies"},
		{"sub mixed currencies", func() (payments.Money, error) { return eur.Sub(rub("1")) }, "subtract: EUR and RUB are different currencies"},
		{"add the zero Money", func() (payments.Money, error) { return rub("1").Add(payments.Money{}) }, "add: amount has no currency"},
		{"sub from the zero Money", func() (payments.Money, error) { return payments.Money{}.Sub(rub("1")) }, "subtract: amount has no currency"},
		{"mul the zero Money", func() (payments.Money, error) { return payments.Money{}.Mul(qty("1"), payments.RoundHalfUp) }, "multiply: amount has no currency"},
		{"unknown currency", func() (payments.Money, error) {
			return payments.Money{Amount: qty("1"), Currency: "XYZ"}.Add(payments.Money{Amount: qty("1"), Currency: "XYZ"})
		}, `add: unknown currency "XYZ"`},
		{"lowercase currency", func() (payments.Money, error) {
			return payments.Money{Amount: qty("1"), Currency: "rub"}.Mul(qty("2"), payments.RoundHalfUp)
		}, `multiply: unknown currency "rub"`},
		{"too many places", func() (payments.Money, error) {
			return rub("1").Add(payments.Money{Amount: qty("0.001"), Currency: payments.RUB})
		}, "add: amount 0.001 has 3 decimal places; RUB allows 2"},
		{"no rounding rule", func() (payments.Money, error) { return rub("1").Mul(qty("0.5"), 0) }, "multiply: Rounding(0) is not a rounding rule"},
		{"unknown rounding rule", func() (payments.Money, error) { return rub("1").Mul(qty("1"), 99) }, "multiply: Rounding(99) is not a rounding rule"},
		{"huge exponent", func() (payments.Money, error) { return huge.Add(rub("1")) }, "add: amount has more than 40 digits"},
		{"tiny exponent", func() (payments.Money, error) { return rub("1").Sub(tiny) }, "subtract: amount has more than 40 digits"},
		{"huge quantity", func() (payments.Money, error) { return rub("1").Mul(decimal.New(1, 1_000_000_000), payments.RoundUp) }, "multiply: quantity has more than 40 digits"},
		{"tiny quantity", func() (payments.Money, error) { return rub("1").Mul(decimal.New(1, -1_000_000_000), payments.RoundUp) }, "multiply: quantity has more than 40 digits"},
		{"sum too long", func() (payments.Money, error) { return big39.Add(big39) }, "add: the result is longer than 40 characters"},
		{"product too long", func() (payments.Money, error) { return big39.Mul(qty("10"), payments.RoundDown) }, "multiply: the result is longer than 40 characters"},
		{"sum of nothing", func() (payments.Money, error) { return payments.Sum() }, "sum: no lines"},
		{"sum of mixed currencies", func() (payments.Money, error) { return payments.Sum(rub("1"), rub("2"), eur) }, "sum: line 3 is in EUR, line 1 in RUB"},
		{"sum with the zero Money", func() (payments.Money, error) { return payments.Sum(rub("1"), payments.Money{}) }, "sum: line 2: amount has no currency"},
		{"sum with a huge line", func() (payments.Money, error) { return payments.Sum(rub("1"), huge) }, "sum: line 2: amount has more than 40 digits"},
		{"total of no receipt", func() (payments.Money, error) { return (*payments.Receipt)(nil).Total() }, "receipt total: the receipt has no items"},
		{"total of no items", func() (payments.Money, error) { return (&payments.Receipt{}).Total() }, "receipt total: the receipt has no items"},
		{"total of mixed items", func() (payments.Money, error) {
			return (&payments.Receipt{Items: []payments.ReceiptItem{{Amount: rub("1")}, {Amount: eur}}}).Total()
		}, "sum: line 2 is in EUR, line 1 in RUB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			type answer struct {
				m   payments.Money
				err error
			}
			done := make(chan answer, 1)
			go func() { m, err := tt.op(); done <- answer{m, err} }()
			var got payments.Money
			var err error
			select {
			case a := <-done:
				got, err = a.m, a.err
			case <-time.After(10 * time.Second):
				t.Fatal("no answer in 10s") // a rescale by 10^1e9 takes minutes
			}
			if !errors.Is(err, payments.ErrInvalidRequest) {
				t.Fatalf("error %v, want one wrapping ErrInvalidRequest", err)
			}
			if !strings.Contains(err.Error(), tt.want) || strings.Count(err.Error(), "invalid request") != 1 {
				t.Errorf("error %q, want it to say %q once", err, tt.want)
			}
			if !got.IsZero() {
				t.Errorf("with the error it returned %#v, want the zero Money", got)
			}
		})
	}
}

// TestReceiptTotalIsTheAmount checks that a receipt's Total is an amount
// the Client accepts for the payment the receipt belongs to.
func TestReceiptTotalIsTheAmount(t *testing.T) {
	t.Parallel()
	price := rub("33.33")
	tea, err := price.Mul(qty("2"), payments.RoundHalfUp)
	if err != nil {
		t.Fatal(err)
	}
	receipt := &payments.Receipt{Email: "buyer@example.com", Items: []payments.ReceiptItem{
		{Name: "Tea", Quantity: qty("2"), Amount: tea, Tax: "vat22"},
		{Name: "Cake", Quantity: qty("1"), Amount: rub("33.34"), Tax: "vat22"},
		{Name: "Delivery", Quantity: qty("1"), Amount: rub("150"), Tax: "none"},
	}}
	total, err := receipt.Total()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff("250.00 RUB", total.String()); diff != "" {
		t.Errorf("Total (-want +got):\n%s", diff)
	}
	client, err := payments.New(paymentstest.New(nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.InitPayment(context.Background(), &payments.InitRequest{OrderID: "o-1", Amount: total, Description: "Tea", Receipt: receipt}); err != nil {
		t.Errorf("InitPayment with Amount = Receipt.Total: %v", err)
	}
	off, _ := total.Sub(rub("0.01"))
	_, err = client.InitPayment(context.Background(), &payments.InitRequest{OrderID: "o-2", Amount: off, Description: "Tea", Receipt: receipt})
	if !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("InitPayment with an amount a kopeck off the receipt: %v, want ErrInvalidRequest", err)
	}
}

func TestRoundingString(t *testing.T) {
	t.Parallel()
	got := []string{payments.RoundHalfUp.String(), payments.RoundHalfEven.String(), payments.RoundDown.String(), payments.RoundUp.String(), payments.Rounding(0).String()}
	want := []string{"RoundHalfUp", "RoundHalfEven", "RoundDown", "RoundUp", "Rounding(0)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("String (-want +got):\n%s", diff)
	}
}
