package robokassa

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/shopspring/decimal"
)

// A CreateInvoice request for the golden shop, byte for byte: the JWT of
// https://docs.robokassa.ru/ru/invoice-api, computed with that rule (not a
// published vector).
const goldenInvoiceToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJNRDUifQ.eyJNZXJjaGFudExvZ2luIjoiZ29sZGVuLXNob3AiLCJJbnZvaWNlVHlwZSI6Ik9uZVRpbWUiLCJPdXRTdW0iOjEwMC41LCJEZXNjcmlwdGlvbiI6IlRlc3QgaW52b2ljZSJ9.s3Ip9jYpKGk8DHNTp1VxrQ"

func goldenInvoice() *Invoice {
	return &Invoice{Type: InvoiceOneTime, Amount: rub("100.50"), Description: "Test invoice"}
}

func TestGoldenInvoiceToken(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, nil)
	pl, err := p.invoicePayload(goldenInvoice())
	if err != nil {
		t.Fatal(err)
	}
	tok, err := p.InvoiceToken(pl)
	if err != nil {
		t.Fatal(err)
	}
	if tok != goldenInvoiceToken {
		t.Errorf("token = %s\nwant    %s", tok, goldenInvoiceToken)
	}
	// The header segment {"typ":"JWT","alg":"MD5"} of
	// https://docs.robokassa.ru/ru/invoice-api: eyJ0eXAiOiJKV1QiLCJhbGciOiJNRDUifQ.
	if !strings.HasPrefix(tok, "eyJ0eXAiOiJKV1QiLCJhbGciOiJNRDUifQ.") {
		t.Errorf("header segment differs")
	}
	// The "MD5" method verifies it, named explicitly: nothing is looked up
	// in golang-jwt's registry.
	parts := strings.Split(tok, ".")
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		t.Fatal(err)
	}
	if err := SigningMethodFor(MD5).Verify(parts[0]+"."+parts[1], sig, []byte("golden-shop:Pass1_golden8")); err != nil {
		t.Errorf("Verify: %v", err)
	}
	if err := SigningMethodMD5.Verify(parts[0]+"."+parts[1], sig, []byte("golden-shop:wrong")); !errors.Is(err, jwt.ErrSignatureInvalid) {
		t.Errorf("wrong key: %v", err)
	}
}

// Importing the package registers nothing in golang-jwt's global registry
// (no init side effects): the six methods are reached through
// SigningMethodFor, which knows exactly those six.
func TestNoGlobalSigningMethods(t *testing.T) {
	t.Parallel()
	for _, a := range []Algorithm{MD5, RIPEMD160, SHA1, SHA256, SHA384, SHA512} {
		if m := jwt.GetSigningMethod(string(a)); m != nil {
			t.Errorf("golang-jwt resolves %q to %v: the package registered it globally", a, m)
		}
		if m := SigningMethodFor(a); m == nil || m.Alg() != string(a) {
			t.Errorf("SigningMethodFor(%q) = %v", a, m)
		}
	}
	if m := SigningMethodFor("GOST"); m != nil {
		t.Errorf("SigningMethodFor(GOST) = %v, want nil", m)
	}
}

// Every shop algorithm has a golang-jwt method (SigningMethodFor) whose
// "alg" is Robokassa's name and whose MAC is the standard HMAC.
func TestSigningMethods(t *testing.T) {
	t.Parallel()
	// RFC 2202 (MD5, SHA-1), RFC 2286 (RIPEMD-160) and RFC 4231 (SHA-2)
	// test case 2: key "Jefe", data "what do ya want for nothing?".
	want := map[Algorithm]string{
		MD5:       "750c783e6ab0b503eaa86e310a5db738",
		RIPEMD160: "dda6c0213a485a9e24f4742064a7f033b43c4069",
		SHA1:      "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
		SHA256:    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
		SHA384:    "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
		SHA512:    "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
	}
	for _, a := range Algorithms() {
		t.Run(string(a), func(t *testing.T) {
			t.Parallel()
			m := SigningMethodFor(a)
			if m == nil || m.Alg() != string(a) {
				t.Fatalf("SigningMethodFor(%s) = %v", a, m)
			}
			sig, err := m.Sign("what do ya want for nothing?", []byte("Jefe"))
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.ToLower(hexOf(sig)); got != want[a] {
				t.Errorf("HMAC = %s, want %s", got, want[a])
			}
			if err := m.Verify("what do ya want for nothing?", sig, []byte("Jefe")); err != nil {
				t.Errorf("Verify: %v", err)
			}
			if err := m.Verify("what do ya want for nothing!", sig, []byte("Jefe")); !errors.Is(err, jwt.ErrSignatureInvalid) {
				t.Errorf("Verify tampered: %v", err)
			}
			if _, err := m.Sign("x", "string key"); !errors.Is(err, jwt.ErrInvalidKeyType) {
				t.Errorf("string key: %v", err)
			}
			if _, err := m.Sign("x", []byte{}); !errors.Is(err, jwt.ErrInvalidKey) {
				t.Errorf("empty key: %v", err)
			}

			// An invoice token with this algorithm names it in its header.
			p := newProvider(t, nil, func(c *Config) { c.Algorithm = a })
			tok, err := p.InvoiceToken(map[string]string{"MerchantLogin": "golden-shop"})
			if err != nil {
				t.Fatal(err)
			}
			h, _ := base64.RawURLEncoding.DecodeString(strings.Split(tok, ".")[0])
			if string(h) != `{"typ":"JWT","alg":"`+string(a)+`"}` {
				t.Errorf("header = %s", h)
			}
			parts := strings.Split(tok, ".")
			tsig, err := base64.RawURLEncoding.DecodeString(parts[2])
			if err != nil {
				t.Fatal(err)
			}
			if err := m.Verify(parts[0]+"."+parts[1], tsig, []byte("golden-shop:Pass1_golden8")); err != nil {
				t.Errorf("the invoice token does not verify: %v", err)
			}
		})
	}
}

func hexOf(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}

func TestCreateInvoice(t *testing.T) {
	t.Parallel()
	p := newProvider(t, replay(t, "extra/create_invoice.json"), nil)
	got, err := p.CreateInvoice(t.Context(), goldenInvoice())
	if err != nil {
		t.Fatal(err)
	}
	want := &CreatedInvoice{ID: "4d3b0f0e-8a4e-4c7b-9f4c-3c1a2b5d6e7f", URL: "https://auth.robokassa.ru/merchant/Invoice/aBcDeFgHiJkLmNoPqRsTuV", InvID: 1, EncodedID: "aBcDeFgHiJkLmNoPqRsTuV"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CreateInvoice (-want +got):\n%s", diff)
	}
}

// The CreateInvoice sample payload of https://docs.robokassa.ru/ru/invoice-api
// (OneTime, as the docs sample),
// from items and from a receipt.
func TestCreateInvoiceItems(t *testing.T) {
	t.Parallel()
	inv := &Invoice{
		Type: InvoiceOneTime, InvID: 77, Amount: rub("1"), Description: "as", Culture: "ru", MerchantComments: "no comment",
		UserFields: map[string]string{"info": "test"},
		Items: []InvoiceItem{
			{Name: "Тест1", Quantity: decimal.NewFromInt(1), Cost: decimal.RequireFromString("0.5"), Tax: "vat20", PaymentMethod: "full_payment", PaymentObject: "commodity"},
			{Name: "Тест2", Quantity: decimal.NewFromInt(1), Cost: decimal.RequireFromString("0.5"), Tax: "vat0", PaymentMethod: "full_prepayment", PaymentObject: "commodity", NomenclatureCode: "0104601234567890"},
		},
		SuccessURL: "https://robokassa.com/", SuccessURLMethod: "GET", FailURL: "https://www.google.com/", FailURLMethod: "POST",
	}
	p := newProvider(t, replay(t, "extra/create_invoice_items.json"), nil)
	got, err := p.CreateInvoice(t.Context(), inv)
	if err != nil {
		t.Fatal(err)
	}
	if got.InvID != 77 || got.EncodedID != "ZyXwVuTsRqPoNmLkJiHgFe" {
		t.Errorf("created = %+v", got)
	}
	// The same lines as a receipt by Sum: converted without rounding.
	rec := &Receipt{Items: []ReceiptItem{
		{Name: "Тест1", Quantity: decimal.NewFromInt(2), Sum: decimal.NewFromInt(1), Tax: "vat20"},
		{Name: "Тест2", Quantity: decimal.NewFromInt(3), Sum: decimal.NewFromInt(1), Tax: "vat20"},
	}}
	items, err := ItemsFromReceipt(rec)
	if err == nil {
		t.Errorf("1.00 / 3 converted to %v", items)
	}
	rec.Items = rec.Items[:1]
	items, err = ItemsFromReceipt(rec)
	if err != nil || !items[0].Cost.Equal(decimal.RequireFromString("0.5")) {
		t.Errorf("ItemsFromReceipt = %v, %v", items, err)
	}
}

func TestInvoiceErrors(t *testing.T) {
	t.Parallel()
	p := newProvider(t, replay(t, "extra/create_invoice_error.json"), nil)
	_, err := p.CreateInvoice(t.Context(), goldenInvoice())
	var pe *payments.Error
	if !errors.Is(err, payments.ErrInvalidRequest) || !errors.As(err, &pe) || pe.Message != "Invoice with such InvId already exists" || pe.Op != OpCreateInvoice {
		t.Errorf("refusal: %#v", err)
	}
	tests := []struct {
		name   string
		status int
		body   string
		kind   error
	}{
		{"HTTP 500", 500, "x", payments.ErrOutcomeUnknown},
		{"malformed JSON", 200, "{", payments.ErrOutcomeUnknown},
		{"no isSuccess", 200, "{}", payments.ErrOutcomeUnknown},
		{"success without url", 200, `{"isSuccess":true}`, payments.ErrOutcomeUnknown},
		{"invId not an integer", 200, `{"isSuccess":true,"url":"u","invId":1.5}`, payments.ErrOutcomeUnknown},
		{"HTTP 401 text", 401, "Unauthorized", payments.ErrUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rt, _ := respond(tt.status, "application/json", tt.body)
			if _, err := newProvider(t, rt, nil).CreateInvoice(t.Context(), goldenInvoice()); !errors.Is(err, tt.kind) {
				t.Errorf("err = %v, want %v", err, tt.kind)
			}
		})
	}
	bad := []*Invoice{
		nil,
		{Type: "Weekly", Amount: rub("1")},
		{Amount: payments.MustParseMoney("1", payments.USD)},
		{Amount: rub("0")},
		{Amount: rub("1"), Description: strings.Repeat("x", 101)},
		{Amount: rub("1"), Items: []InvoiceItem{{Name: "x", Quantity: decimal.NewFromInt(1), Cost: decimal.NewFromInt(1), Tax: "none"}}, Receipt: oneItemReceipt()},
		{Amount: rub("1"), UserFields: map[string]string{"shp_info": "x"}},
		{Amount: rub("1"), SuccessURL: "https://x.example/"},
		{Amount: rub("1"), Items: []InvoiceItem{{Name: "x", Quantity: decimal.NewFromInt(1), Cost: decimal.NewFromInt(1), Tax: "vat99"}}},
	}
	for i, inv := range bad {
		if _, err := newProvider(t, nil, nil).CreateInvoice(t.Context(), inv); !errors.Is(err, payments.ErrInvalidRequest) {
			t.Errorf("bad invoice %d: %v", i, err)
		}
	}
}

func TestDeactivateInvoice(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file string
		ref  InvoiceRef
	}{
		{"extra/deactivate_invoice_invid.json", InvoiceRef{InvID: 1}},
		{"extra/deactivate_invoice_id.json", InvoiceRef{ID: "4d3b0f0e-8a4e-4c7b-9f4c-3c1a2b5d6e7f"}},
		{"extra/deactivate_invoice_encoded.json", InvoiceRef{EncodedID: "aBcDeFgHiJkLmNoPqRsTuV"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			if err := newProvider(t, replay(t, tt.file), nil).DeactivateInvoice(t.Context(), tt.ref); err != nil {
				t.Error(err)
			}
		})
	}
	for _, ref := range []InvoiceRef{{}, {InvID: 1, ID: "x"}, {InvID: -1}} {
		if err := newProvider(t, nil, nil).DeactivateInvoice(t.Context(), ref); !errors.Is(err, payments.ErrInvalidRequest) {
			t.Errorf("DeactivateInvoice(%+v) = %v", ref, err)
		}
	}
}

func TestListInvoices(t *testing.T) {
	t.Parallel()
	q := InvoiceQuery{
		CurrentPage: 1, PageSize: 20, Statuses: []string{InvoicePaid, InvoiceNotPaid}, Keywords: "Test",
		DateFrom: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), DateTo: time.Date(2026, 1, 31, 23, 59, 59, 0, time.UTC),
		IsAscending: true, Types: []InvoiceType{InvoiceOneTime}, PaymentAliases: []string{"BankCard"},
		SumFrom: decimal.NewNullDecimal(decimal.NewFromInt(1)), SumTo: decimal.NewNullDecimal(decimal.RequireFromString("1000.50")),
	}
	got, err := newProvider(t, replay(t, "extra/list_invoices.json"), nil).ListInvoices(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(got.Body), `"totalCount":1`) {
		t.Errorf("body = %s", got.Body)
	}
	bad := []InvoiceQuery{
		{},
		{CurrentPage: 1, PageSize: 1, Statuses: []string{"Paid"}, Types: []InvoiceType{InvoiceOneTime}},
		{CurrentPage: 1, PageSize: 1, Statuses: []string{"paid?"}, Types: []InvoiceType{InvoiceOneTime}, DateFrom: q.DateFrom, DateTo: q.DateTo},
		{CurrentPage: 1, PageSize: 1, Statuses: []string{"Paid"}, Types: []InvoiceType{"Daily"}, DateFrom: q.DateFrom, DateTo: q.DateTo},
		{CurrentPage: 1, PageSize: 1, Statuses: []string{"Paid"}, Types: []InvoiceType{InvoiceOneTime}, DateFrom: q.DateTo, DateTo: q.DateFrom},
	}
	for i, b := range bad {
		if _, err := newProvider(t, nil, nil).ListInvoices(t.Context(), b); !errors.Is(err, payments.ErrInvalidRequest) {
			t.Errorf("bad query %d: %v", i, err)
		}
	}
}
