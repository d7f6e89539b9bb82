package robokassa

import (
	"crypto/md5"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/paykit/payments"
	"github.com/shopspring/decimal"
)

// The shape of the docs' Invoice sample
// (https://docs.robokassa.ru/split-payments).
func docsSplit() *Split {
	return &Split{
		Amount:         rub("700"),
		MasterID:       "ru_split_01_shop_01",
		Comment:        "Заказ 123",
		ShopParams:     []ShopParam{{Name: "user_param_1", Value: "v1"}},
		Email:          "buyer@example.com",
		IncCurr:        "BankCard",
		Language:       "ru",
		ExpirationDate: time.Date(2024, 8, 23, 15, 53, 0, 0, time.FixedZone("MSK", 3*3600)),
		Merchants: []SplitMerchant{
			{ID: "ru_split_01_shop_01", InvoiceID: 123, Amount: decimal.NewFromInt(500), Receipt: &Receipt{Sno: "osn", Items: []ReceiptItem{{Name: "Товар", Quantity: decimal.NewFromInt(1), Sum: decimal.NewFromInt(500), Tax: "none"}}}},
			{ID: "ru_split_01_shop_02", Amount: decimal.NewFromInt(200)},
		},
	}
}

const docsSplitJSON = `{"outAmount":700,"shop_params":[{"name":"user_param_1","value":"v1"}],"email":"buyer@example.com","incCurr":"BankCard","language":"ru","isTest":false,"expirationDate":"2024-08-23T12:53Z","merchant":{"id":"ru_split_01_shop_01","comment":"Заказ 123"},"splitMerchants":[{"id":"ru_split_01_shop_01","InvoiceId":123,"amount":500,"receipt":{"sno":"osn","items":[{"name":"Товар","quantity":1,"sum":500,"tax":"none"}]}},{"id":"ru_split_01_shop_02","amount":200}]}`

func TestSplit(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, nil)
	inv, sig, err := p.SplitInvoice(docsSplit())
	if err != nil {
		t.Fatal(err)
	}
	if inv != docsSplitJSON {
		t.Errorf("Invoice =\n%s\nwant\n%s", inv, docsSplitJSON)
	}
	// Signature over "Invoice (raw) and Password1", concatenated
	// ("InvoiceПароль#1", https://docs.robokassa.ru/split-payments, as
	// aiorobokassa does; go-robokassa-sdk puts ':' between).
	sum := md5.Sum([]byte(docsSplitJSON + "Pass1_golden8"))
	if want := hex.EncodeToString(sum[:]); sig != want {
		t.Errorf("Signature = %s, want %s", sig, want)
	}
	u, err := p.SplitURL(docsSplit())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(u, "https://auth.robokassa.ru/Merchant/Payment/CreateV2?Invoice=") {
		t.Errorf("URL = %s", u)
	}
	// One level of decoding gives the raw JSON that was signed.
	q := queryOf(t, u)
	if q.Get("Invoice") != docsSplitJSON || q.Get("Signature") != sig || len(q) != 2 {
		t.Errorf("query = %v", q)
	}
	step, err := p.SplitForm(docsSplit())
	if err != nil || step.Kind != payments.NextPostForm || step.Fields[0].Value != docsSplitJSON || step.Fields[1].Name != "Signature" {
		t.Errorf("SplitForm = %+v, %v", step, err)
	}
	// A test split payment signs with TestPassword1; the master defaults to
	// the configured login.
	s := docsSplit()
	s.IsTest, s.MasterID = true, ""
	inv, sig, _ = p.SplitInvoice(s)
	sum = md5.Sum([]byte(inv + "Test1_golden8"))
	if sig != hex.EncodeToString(sum[:]) || !strings.Contains(inv, `"merchant":{"id":"golden-shop"`) || !strings.Contains(inv, `"isTest":true`) {
		t.Errorf("test split: %s %s", inv, sig)
	}
}

func TestSplitValidation(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, nil)
	mods := map[string]func(*Split){
		"shares not adding up":     func(s *Split) { s.Merchants[1].Amount = decimal.NewFromInt(199) },
		"no merchants":             func(s *Split) { s.Merchants = nil },
		"merchant without id":      func(s *Split) { s.Merchants[1].ID = "" },
		"negative share":           func(s *Split) { s.Merchants[1].Amount = decimal.NewFromInt(-1) },
		"receipt not the share":    func(s *Split) { s.Merchants[0].Receipt.Items[0].Sum = decimal.NewFromInt(400) },
		"other currency":           func(s *Split) { s.Amount = payments.MustParseMoney("700", payments.EUR) },
		"long comment":             func(s *Split) { s.Comment = strings.Repeat("x", 101) },
		"nameless shop param":      func(s *Split) { s.ShopParams = []ShopParam{{Value: "x"}} },
		"three-decimal share":      func(s *Split) { s.Merchants[1].Amount = decimal.RequireFromString("199.995") },
		"bad e-mail":               func(s *Split) { s.Email = "x" },
		"invalid merchant receipt": func(s *Split) { s.Merchants[0].Receipt.Items[0].Tax = "" },
	}
	for name, mod := range mods {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := docsSplit()
			mod(s)
			if _, err := p.SplitURL(s); !errors.Is(err, payments.ErrInvalidRequest) {
				t.Errorf("err = %v", err)
			}
		})
	}
	if _, err := p.SplitForm(nil); !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("nil split: %v", err)
	}
}
