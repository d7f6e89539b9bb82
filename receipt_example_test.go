package payments_test

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/paykit/payments"
)

// A provider that takes unit prices (T-Bank's Price, Robokassa's refund
// Cost) derives them from the line total; a total that does not divide
// into whole kopecks is refused, never rounded.
func ExampleReceiptItem_UnitPrice() {
	half := payments.ReceiptItem{Name: "Tea, 0.5 kg", Quantity: decimal.RequireFromString("0.5"), Amount: payments.MustParseMoney("250.00", payments.RUB)}
	price, err := half.UnitPrice()
	fmt.Println(price, err)

	three := payments.ReceiptItem{Name: "Cake", Quantity: decimal.NewFromInt(3), Amount: payments.MustParseMoney("100.00", payments.RUB)}
	_, err = three.UnitPrice()
	fmt.Println(err)
	// Output:
	// 500.00 RUB <nil>
	// payments: invalid request: receipt item "Cake": 100.00 for 3 units is not a whole number of minor units per unit; split the line
}
