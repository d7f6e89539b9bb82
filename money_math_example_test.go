package payments_test

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/paykit/payments"
)

// Adding amounts is exact; amounts in different currencies are refused.
func ExampleMoney_Add() {
	price := payments.MustParseMoney("1500.00", payments.RUB)
	delivery := payments.MustParseMoney("299.90", payments.RUB)
	total, err := price.Add(delivery)
	fmt.Println(total, err)

	_, err = price.Add(payments.MustParseMoney("10.00", payments.EUR))
	fmt.Println(errors.Is(err, payments.ErrInvalidRequest), err)
	// Output:
	// 1799.90 RUB <nil>
	// true payments: invalid request: add: RUB and EUR are different currencies
}

// A discount is a subtraction; the result may be negative.
func ExampleMoney_Sub() {
	total := payments.MustParseMoney("1799.90", payments.RUB)
	left, err := total.Sub(payments.MustParseMoney("1800", payments.RUB))
	fmt.Println(left, err)
	// Output:
	// -0.10 RUB <nil>
}

// A price times a quantity is rounded to kopecks by the rule the caller
// names: there is no default rule.
func ExampleMoney_Mul() {
	perKg := payments.MustParseMoney("899.90", payments.RUB)
	weight := decimal.RequireFromString("0.35") // 314.965 RUB exactly
	for _, rule := range []payments.Rounding{payments.RoundHalfUp, payments.RoundHalfEven, payments.RoundDown, payments.RoundUp} {
		line, err := perKg.Mul(weight, rule)
		fmt.Println(rule, line, err)
	}
	// Output:
	// RoundHalfUp 314.97 RUB <nil>
	// RoundHalfEven 314.96 RUB <nil>
	// RoundDown 314.96 RUB <nil>
	// RoundUp 314.97 RUB <nil>
}

// Sum adds the lines of an order; a line in another currency or without
// one is refused.
func ExampleSum() {
	total, err := payments.Sum(
		payments.MustParseMoney("33.33", payments.RUB),
		payments.MustParseMoney("33.33", payments.RUB),
		payments.MustParseMoney("33.34", payments.RUB),
	)
	fmt.Println(total, err)

	_, err = payments.Sum(payments.MustParseMoney("1", payments.RUB), payments.Money{})
	fmt.Println(err)
	// Output:
	// 100.00 RUB <nil>
	// payments: invalid request: sum: line 2: amount has no currency
}

// A receipt's Total is the amount of the payment it belongs to: the sum of
// its lines, which the Client and T-Bank check.
func ExampleReceipt_Total() {
	receipt := &payments.Receipt{
		Email: "buyer@example.com",
		Items: []payments.ReceiptItem{
			{Name: "Tea", Quantity: decimal.NewFromInt(2), Amount: payments.MustParseMoney("500.00", payments.RUB), Tax: "vat22"},
			{Name: "Delivery", Quantity: decimal.NewFromInt(1), Amount: payments.MustParseMoney("150.00", payments.RUB), Tax: "none"},
		},
	}
	amount, err := receipt.Total()
	fmt.Println(amount, err)
	req := &payments.InitRequest{OrderID: "order-7", Amount: amount, Description: "Tea", Receipt: receipt}
	fmt.Println(req.Amount)
	// Output:
	// 650.00 RUB <nil>
	// 650.00 RUB
}
