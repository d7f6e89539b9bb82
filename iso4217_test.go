package payments

import (
	"testing"
)

func TestISO4217SpotChecks(t *testing.T) {
	t.Parallel()
	// ISO 4217 List One as amended through Amendment 180 (see iso4217.go).
	tests := []struct {
		code     Currency
		numeric  uint16
		exponent int32
	}{
		{"RUB", 643, 2},
		{"JPY", 392, 0},
		{"KWD", 414, 3},
		{"BHD", 48, 3},
		{"CLF", 990, 4},
		{"UYW", 927, 4},
		{"UYI", 940, 0},
		{"EUR", 978, 2},
		{"USD", 840, 2},
		{"KZT", 398, 2},
		{"ALL", 8, 2},
		{"XCG", 532, 2},
		{"ZWG", 924, 2},
		{"SLE", 925, 2},
		{"XAD", 396, 2},
		{"VES", 928, 2},
		{"VED", 926, 2},
	}
	for _, tt := range tests {
		t.Run(string(tt.code), func(t *testing.T) {
			t.Parallel()
			if !tt.code.Valid() {
				t.Fatalf("%s.Valid() = false", tt.code)
			}
			if n, ok := tt.code.Numeric(); !ok || n != tt.numeric {
				t.Errorf("%s.Numeric() = %d, %v; want %d, true", tt.code, n, ok, tt.numeric)
			}
			if e, ok := tt.code.Exponent(); !ok || e != tt.exponent {
				t.Errorf("%s.Exponent() = %d, %v; want %d, true", tt.code, e, ok, tt.exponent)
			}
		})
	}
}

func TestISO4217Absent(t *testing.T) {
	t.Parallel()
	// Withdrawn (List Three) codes, codes with minor unit "N.A.", and junk.
	for _, c := range []Currency{
		"HRK", "BGN", "ANG", "CUC", "SLL", "ZWL", "MRO", "STD", "VEF", "LTL", "EEK",
		"XAU", "XAG", "XPT", "XPD", "XDR", "XTS", "XXX", "XSU", "XUA", "XBA",
		"", "rub", "Rub", "RU", "RUBB", "XYZ", " RUB",
	} {
		if c.Valid() {
			t.Errorf("Currency(%q).Valid() = true, want false", c)
		}
		if n, ok := c.Numeric(); ok || n != 0 {
			t.Errorf("Currency(%q).Numeric() = %d, %v; want 0, false", c, n, ok)
		}
		if e, ok := c.Exponent(); ok || e != 0 {
			t.Errorf("Currency(%q).Exponent() = %d, %v; want 0, false", c, e, ok)
		}
	}
}

func TestISO4217TableShape(t *testing.T) {
	t.Parallel()
	if len(iso4217) < 150 {
		t.Errorf("table has %d codes; List One has about 170", len(iso4217))
	}
	byNumeric := make(map[uint16]Currency, len(iso4217))
	for code, info := range iso4217 {
		if len(code) != 3 {
			t.Errorf("code %q is not three letters", code)
		}
		for i := 0; i < len(code); i++ {
			if code[i] < 'A' || code[i] > 'Z' {
				t.Errorf("code %q is not upper-case ASCII letters", code)
				break
			}
		}
		if info.numeric == 0 || info.numeric > 999 {
			t.Errorf("%s has numeric code %d, want 1..999", code, info.numeric)
		}
		switch info.exponent {
		case 0, 2, 3, 4:
		default:
			t.Errorf("%s has exponent %d, want 0, 2, 3 or 4", code, info.exponent)
		}
		if other, dup := byNumeric[info.numeric]; dup {
			t.Errorf("numeric code %03d is used by both %s and %s", info.numeric, other, code)
		}
		byNumeric[info.numeric] = code
	}
}
