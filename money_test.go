package payments_test

import (
	"errors"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/paykit/payments"
)

func TestParseMoneyAccepts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		amount     string
		currency   payments.Currency
		wantFormat string
		wantMinor  int64
	}{
		{"integer RUB", "10", payments.RUB, "10.00", 1000},
		{"one place RUB", "10.5", payments.RUB, "10.50", 1050},
		{"two places RUB", "10.50", payments.RUB, "10.50", 1050},
		{"one kopeck", "0.01", payments.RUB, "0.01", 1},
		{"trailing zeros beyond exponent", "10.500", payments.RUB, "10.50", 1050},
		{"JPY integer", "5", "JPY", "5", 5},
		{"JPY with zero fraction", "5.0", "JPY", "5", 5},
		{"KWD three places", "1.234", "KWD", "1.234", 1234},
		{"CLF four places", "0.0001", "CLF", "0.0001", 1},
		{"leading zeros", "007.10", payments.USD, "7.10", 710},
		{"zero", "0", payments.EUR, "0.00", 0},
		{"negative", "-3.25", payments.EUR, "-3.25", -325},
		{"a million", "1000000", payments.RUB, "1000000.00", 100000000},
		{"beyond int64", "123456789012345678901", payments.RUB, "123456789012345678901.00", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, err := payments.ParseMoney(tt.amount, tt.currency)
			if err != nil {
				t.Fatalf("ParseMoney(%q, %s) = %v", tt.amount, tt.currency, err)
			}
			if m.Currency != tt.currency {
				t.Errorf("Currency = %q, want %q", m.Currency, tt.currency)
			}
			if got := m.Format(); got != tt.wantFormat {
				t.Errorf("Format() = %q, want %q", got, tt.wantFormat)
			}
			if !m.Amount.Equal(decimal.RequireFromString(tt.amount)) {
				t.Errorf("Amount = %s, want %s", m.Amount, tt.amount)
			}
			if err := m.Validate(); err != nil {
				t.Errorf("Validate() = %v", err)
			}
			n, ok := m.MinorUnits()
			if tt.name == "beyond int64" {
				if ok {
					t.Errorf("MinorUnits() = %d, true; want false (does not fit int64)", n)
				}
				return
			}
			if !ok || n != tt.wantMinor {
				t.Errorf("MinorUnits() = %d, %v; want %d, true", n, ok, tt.wantMinor)
			}
		})
	}
}

func TestParseMoneyRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		amount   string
		currency payments.Currency
	}{
		{"too many places RUB", "10.001", payments.RUB},
		{"fraction for JPY", "1.5", "JPY"},
		{"four places KWD", "1.2345", "KWD"},
		{"exponent lower", "1e3", payments.RUB},
		{"exponent upper with sign", "1E+6", payments.RUB},
		{"negative exponent", "1e-2", payments.RUB},
		{"empty", "", payments.RUB},
		{"leading dot", ".5", payments.RUB},
		{"trailing dot", "5.", payments.RUB},
		{"lone dot", ".", payments.RUB},
		{"leading space", " 5", payments.RUB},
		{"trailing space", "5 ", payments.RUB},
		{"tab", "\t5", payments.RUB},
		{"newline", "5\n", payments.RUB},
		{"plus sign", "+5", payments.RUB},
		{"lone minus", "-", payments.RUB},
		{"double minus", "--5", payments.RUB},
		{"letters", "abc", payments.RUB},
		{"NaN", "NaN", payments.RUB},
		{"Inf", "Inf", payments.RUB},
		{"hex", "0x10", payments.RUB},
		{"underscore", "1_000", payments.RUB},
		{"comma decimal", "10,50", payments.RUB},
		{"two dots", "1.0.0", payments.RUB},
		{"arabic-indic digit", "\u0665", payments.RUB},
		{"unknown currency", "10", "XYZ"},
		{"empty currency", "10", ""},
		// Lower case is accepted and normalised: currency_case_test.go.
		{"lower-case unknown currency", "10", "xyz"},
		{"withdrawn currency HRK", "10", "HRK"},
		// Regression (fuzz crasher): Format writes "…000.000", 41
		// characters, which ParseMoney itself refuses.
		{"formats longer than 40 KWD", "1000000000000000000000000000000000000", "KWD"},
		{"formats longer than 40 RUB", "-" + strings.Repeat("9", 37), payments.RUB},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, err := payments.ParseMoney(tt.amount, tt.currency)
			if err == nil {
				t.Fatalf("ParseMoney(%q, %q) = %v, want an error", tt.amount, tt.currency, m)
			}
			if !errors.Is(err, payments.ErrInvalidRequest) {
				t.Errorf("ParseMoney(%q, %q) error %v does not wrap ErrInvalidRequest", tt.amount, tt.currency, err)
			}
			var pe *payments.Error
			if !errors.As(err, &pe) {
				t.Errorf("error %T is not a *payments.Error", err)
			}
			if !m.IsZero() {
				t.Errorf("ParseMoney returned %v with the error, want the zero Money", m)
			}
		})
	}
}

// The leading-dot check of ParseMoney looks only at the first byte, so a
// sign in front of the dot slips through, and shopspring/decimal also
// accepts U+2212 MINUS SIGN. Amounts from webhooks and responses must be
// plain ASCII "-?digits(.digits)?".
func TestParseMoneyRejectsSignedLooseForms(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"-.5", "\u22125", "\u2212.5", "\u22120.50"} {
		if m, err := payments.ParseMoney(s, payments.RUB); !errors.Is(err, payments.ErrInvalidRequest) {
			t.Errorf("ParseMoney(%q, RUB) = %v, %v; want ErrInvalidRequest", s, m, err)
		}
	}
}

func TestFormatNeverUsesExponent(t *testing.T) {
	t.Parallel()
	million, err := payments.MinorUnits(100000000, payments.RUB)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		m    payments.Money
		want string
	}{
		{"million from minor units", million, "1000000.00"},
		{"decimal.New(1, 6)", payments.Money{Amount: decimal.New(1, 6), Currency: payments.RUB}, "1000000.00"},
		{"decimal from 1E+6", payments.Money{Amount: decimal.RequireFromString("1E+6"), Currency: payments.RUB}, "1000000.00"},
		{"decimal.New(1, 30)", payments.Money{Amount: decimal.New(1, 30), Currency: payments.RUB}, "1" + strings.Repeat("0", 30) + ".00"},
		{"JPY exponent form", payments.Money{Amount: decimal.New(5, 3), Currency: "JPY"}, "5000"},
		{"KWD", payments.MustParseMoney("1.234", "KWD"), "1.234"},
		{"KWD integer", payments.MustParseMoney("7", "KWD"), "7.000"},
		{"small RUB", payments.Money{Amount: decimal.New(1, -2), Currency: payments.RUB}, "0.01"},
		{"unknown currency exact", payments.Money{Amount: decimal.New(15, -1), Currency: "XYZ"}, "1.5"},
		{"unknown currency big", payments.Money{Amount: decimal.New(1, 6), Currency: "XYZ"}, "1000000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := tt.m.Format()
			if got != tt.want {
				t.Errorf("Format() = %q, want %q", got, tt.want)
			}
			if strings.ContainsAny(got, "eE") {
				t.Errorf("Format() = %q uses exponent form", got)
			}
		})
	}
}

func TestMinorUnitsRoundTrip(t *testing.T) {
	t.Parallel()
	currencies := []payments.Currency{payments.RUB, "JPY", "KWD", "CLF", payments.EUR}
	values := []int64{0, 1, -1, 5, 99, 100, 1050, -1050, 123456789, 1 << 40, 1 << 62, -(1 << 62)}
	for _, cur := range currencies {
		for _, n := range values {
			m, err := payments.MinorUnits(n, cur)
			if err != nil {
				t.Fatalf("MinorUnits(%d, %s) = %v", n, cur, err)
			}
			got, ok := m.MinorUnits()
			if !ok || got != n {
				t.Errorf("MinorUnits(%d, %s).MinorUnits() = %d, %v; want %d, true", n, cur, got, ok, n)
			}
			back, err := payments.ParseMoney(m.Format(), cur)
			if err != nil || !back.Equal(m) {
				t.Errorf("ParseMoney(%q, %s) = %v, %v; want %v", m.Format(), cur, back, err, m)
			}
		}
	}
	if m, err := payments.MinorUnits(1, "XYZ"); !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("MinorUnits(1, XYZ) = %v, %v; want ErrInvalidRequest", m, err)
	}
	if m := payments.MustParseMoney("10.05", payments.RUB); func() bool { n, ok := m.MinorUnits(); return n != 1005 || !ok }() {
		t.Errorf("10.05 RUB is not 1005 kopecks")
	}
}

func TestMoneyMinorUnitsRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		m    payments.Money
	}{
		{"excess precision", payments.Money{Amount: decimal.RequireFromString("10.001"), Currency: payments.RUB}},
		{"fraction of yen", payments.Money{Amount: decimal.RequireFromString("1.5"), Currency: "JPY"}},
		{"unknown currency", payments.Money{Amount: decimal.NewFromInt(1), Currency: "XYZ"}},
		{"no currency", payments.Money{Amount: decimal.NewFromInt(1)}},
		{"beyond int64", payments.Money{Amount: decimal.New(1, 19), Currency: payments.RUB}},
		{"below int64", payments.Money{Amount: decimal.New(-1, 19), Currency: payments.RUB}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if n, ok := tt.m.MinorUnits(); ok {
				t.Errorf("MinorUnits() = %d, true; want false", n)
			}
		})
	}
}

func TestMinorUnitsInt64Range(t *testing.T) {
	t.Parallel()
	for _, n := range []int64{math.MaxInt64, math.MinInt64, 1<<62 + 1, -(1<<62 + 1)} {
		m, err := payments.MinorUnits(n, payments.RUB)
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := m.MinorUnits(); !ok || got != n {
			t.Errorf("MinorUnits(%d, RUB).MinorUnits() = %d, %v; want %d, true", n, got, ok, n)
		}
	}
}

func TestMoneyEqual(t *testing.T) {
	t.Parallel()
	rub := func(s string) payments.Money { return payments.MustParseMoney(s, payments.RUB) }
	tests := []struct {
		name string
		a, b payments.Money
		want bool
	}{
		{"trailing zeros", rub("10.5"), rub("10.50"), true},
		{"integer and fraction zeros", rub("10"), rub("10.00"), true},
		{"different amount", rub("10.00"), rub("10.01"), false},
		{"different currency", rub("10"), payments.MustParseMoney("10", payments.USD), false},
		{"zero values", payments.Money{}, payments.Money{}, true},
		{"zero RUB and zero Money", rub("0"), payments.Money{}, false},
		{"sign", rub("1"), rub("-1"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.a.Equal(tt.b); got != tt.want {
				t.Errorf("%v.Equal(%v) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
			if got := tt.b.Equal(tt.a); got != tt.want {
				t.Errorf("%v.Equal(%v) = %v, want %v", tt.b, tt.a, got, tt.want)
			}
		})
	}
}

func TestMoneyStringGoString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		m          payments.Money
		wantString string
		wantGo     string
	}{
		{"RUB", payments.MustParseMoney("10.5", payments.RUB), "10.50 RUB", `payments.MustParseMoney("10.50", "RUB")`},
		{"JPY", payments.MustParseMoney("5", "JPY"), "5 JPY", `payments.MustParseMoney("5", "JPY")`},
		{"KWD", payments.MustParseMoney("1.234", "KWD"), "1.234 KWD", `payments.MustParseMoney("1.234", "KWD")`},
		{"negative", payments.MustParseMoney("-1", payments.EUR), "-1.00 EUR", `payments.MustParseMoney("-1.00", "EUR")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.m.String(); got != tt.wantString {
				t.Errorf("String() = %q, want %q", got, tt.wantString)
			}
			if got := tt.m.GoString(); got != tt.wantGo {
				t.Errorf("GoString() = %q, want %q", got, tt.wantGo)
			}
		})
	}
}

func TestMoneyValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		m       payments.Money
		wantErr bool
	}{
		{"valid", payments.MustParseMoney("10.50", payments.RUB), false},
		{"negative is valid", payments.MustParseMoney("-10.50", payments.RUB), false},
		{"zero RUB is valid", payments.MustParseMoney("0", payments.RUB), false},
		{"trailing zeros beyond exponent", payments.Money{Amount: decimal.RequireFromString("1.5000"), Currency: payments.RUB}, false},
		{"no currency", payments.Money{Amount: decimal.NewFromInt(1)}, true},
		{"zero Money", payments.Money{}, true},
		{"unknown currency", payments.Money{Amount: decimal.NewFromInt(1), Currency: "XYZ"}, true},
		{"excess precision", payments.Money{Amount: decimal.RequireFromString("0.001"), Currency: payments.RUB}, true},
		{"yen fraction", payments.Money{Amount: decimal.RequireFromString("0.5"), Currency: "JPY"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.m.Validate()
			if tt.wantErr != (err != nil) {
				t.Fatalf("Validate() = %v, want error %v", err, tt.wantErr)
			}
			if err != nil && !errors.Is(err, payments.ErrInvalidRequest) {
				t.Errorf("Validate() = %v, does not wrap ErrInvalidRequest", err)
			}
		})
	}
}

func TestMustParseMoneyPanics(t *testing.T) {
	t.Parallel()
	defer func() {
		r := recover()
		err, ok := r.(error)
		if !ok || !errors.Is(err, payments.ErrInvalidRequest) {
			t.Errorf("recover() = %v, want an error wrapping ErrInvalidRequest", r)
		}
	}()
	payments.MustParseMoney("1.001", payments.RUB)
}

// plainAmount is the only syntax ParseMoney should accept.
var plainAmount = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// The longest amounts ParseMoney accepts are exactly those whose Format is at
// most 40 characters, and they parse back.
func TestParseMoneyLengthBoundary(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		amount   string
		currency payments.Currency
	}{
		{strings.Repeat("9", 36), "KWD"},       // 36 + ".000"
		{"-" + strings.Repeat("9", 35), "KWD"}, // 1 + 35 + ".000"
		{strings.Repeat("9", 37) + ".00", payments.RUB},
		{strings.Repeat("9", 40), "JPY"},
	} {
		m, err := payments.ParseMoney(tt.amount, tt.currency)
		if err != nil {
			t.Errorf("ParseMoney(%q, %s) = %v", tt.amount, tt.currency, err)
			continue
		}
		if f := m.Format(); len(f) != 40 {
			t.Errorf("Format() = %q, %d characters, want 40", f, len(f))
		} else if _, err := payments.ParseMoney(f, tt.currency); err != nil {
			t.Errorf("ParseMoney(Format() = %q) = %v", f, err)
		}
	}
	if _, err := payments.ParseMoney(strings.Repeat("9", 37), "KWD"); !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("37 digits in KWD: %v, want ErrInvalidRequest", err)
	}
}

// Error messages quote outside input up to 40 characters and cut the rest.
func TestParseMoneyErrorQuotesAtMost40Characters(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		amount, want string
	}{
		{strings.Repeat("x", 40), `"` + strings.Repeat("x", 40) + `"`},
		{strings.Repeat("x", 41), `"` + strings.Repeat("x", 40) + `..."`},
		{strings.Repeat("9", 38), `amount ` + strings.Repeat("9", 38) + ` is longer than 40 characters`},
	} {
		_, err := payments.ParseMoney(tt.amount, "KWD")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseMoney(%d characters) = %v, want it to quote %s", len(tt.amount), err, tt.want)
		}
	}
}

// Validate tells a missing currency from an unknown one.
func TestMoneyValidateCurrencyReason(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		m    payments.Money
		want string
	}{
		{payments.Money{}, "amount has no currency"},
		{payments.Money{Currency: "XYZ"}, `unknown currency "XYZ"`},
	} {
		if err := tt.m.Validate(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Validate(%#v) = %v, want %q", tt.m, err, tt.want)
		}
	}
}
