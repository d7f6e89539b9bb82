package conformance

import (
	"encoding/json"
	"strings"
	"testing"
)

// looksLikePAN takes 13 to 19 digits starting with 2 to 6 and passing the
// Luhn check as a card number (the networks' ranges); the fixture check
// and the scrubber rely on it.
func TestLooksLikePAN(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		run  string
		want bool
	}{
		{"16 digits", "4111111111111111", true},
		{"13 digits", "4222222222222", true},
		{"19 digits", "6011000000000000001", true},
		{"12 digits", "411111111117", false},
		{"20 digits", "41111111111111111115", false},
		{"first digit 2", "2223000048400011", true},
		{"first digit 1", "1111111111111117", false},
		{"first digit 7", "7111111111111114", false},
		{"fails Luhn", "4111111111111112", false},
	}
	for _, tt := range tests {
		if got := looksLikePAN(tt.run); got != tt.want {
			t.Errorf("%s: looksLikePAN(%q) = %v, want %v", tt.name, tt.run, got, tt.want)
		}
	}
}

// Mismatch messages mask every run of 13 to 19 digits, Luhn or not.
func TestRedactCards(t *testing.T) {
	t.Parallel()
	in := []string{"4222222222222", "1234567890123456789", "123456789012", "12345678901234567890"}
	want := []string{"422222***2222", "123456*********6789", "123456789012", "12345678901234567890"}
	got := redactCards(in)
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("redactCards(%q) = %q, want %q", in[i], got[i], want[i])
		}
	}
}

// A masked card number in a fixture matches the 13-digit card it masks.
func TestMaskedMatchesShortCard(t *testing.T) {
	t.Parallel()
	if !valueMatch("422222***2222", "4222222222222") {
		t.Error("a 13-digit card did not match its mask")
	}
	if valueMatch("422222***2222", "4222222222223") {
		t.Error("a number failing the Luhn check matched a mask")
	}
}

// A scrubbed JSON value matches a value of any type.
func TestScrubbedMatchesAnyJSON(t *testing.T) {
	t.Parallel()
	want := Request{Method: "POST", Path: "/x", JSON: json.RawMessage(`{"cvc":"<scrubbed>"}`)}
	if d := want.match(Request{Method: "POST", Path: "/x", JSON: json.RawMessage(`{"cvc":123}`)}); d != "" {
		t.Errorf("a scrubbed value did not match a number: %s", d)
	}
}

// A request with a JSON body where the fixture has none is reported as a
// JSON body that differs, showing the body sent; a fixture whose JSON
// does not parse is reported as such.
func TestJSONMismatchMessages(t *testing.T) {
	t.Parallel()
	got := Request{Method: "POST", Path: "/x", JSON: json.RawMessage(`{"a":1}`)}
	if d := (Request{Method: "POST", Path: "/x"}).match(got); !strings.HasPrefix(d, `JSON body {"a":1}`) {
		t.Errorf("match = %q, want it to show the JSON body sent", d)
	}
	if d := (Request{Method: "POST", Path: "/x", JSON: json.RawMessage(`{`)}).match(got); !strings.HasPrefix(d, "fixture JSON body: ") {
		t.Errorf("match = %q, want it to blame the fixture", d)
	}
	if d := (Request{Method: "POST", Path: "/x", JSON: json.RawMessage(`{"a":1}`)}).match(Request{Method: "POST", Path: "/x"}); d == "" {
		t.Error("a request without the fixture's JSON body matched")
	}
}

// Card data is found after other digits, and in JSON by field name alone.
func TestCardDataAnywhere(t *testing.T) {
	t.Parallel()
	if !hasCardText("order 1001 card 4111111111111111") {
		t.Error("a card number after another number was not found")
	}
	if !textHasCardData([]byte(`{"cvc":"123"}`)) {
		t.Error("a JSON security code was not found")
	}
}

// sameContentType compares media types and the parameters the expected
// type names, case-insensitively.
func TestSameContentType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		got, want string
		same      bool
	}{
		{"text/plain; charset=utf-8", "text/plain", true},
		{"TEXT/PLAIN", "text/plain", true},
		{"text/plain", "text/plain; charset=utf-8", false},
		{"text/plain; charset=UTF-8", "text/plain; charset=utf-8", true},
		{"application/json", "text/plain", false},
		{"", "text/plain", false},
		{"text/plain", "text/plain;;", false},
		{"text/plain", "TEXT/PLAIN;;", false},
	}
	for _, tt := range tests {
		if got := sameContentType(tt.got, tt.want); got != tt.same {
			t.Errorf("sameContentType(%q, %q) = %v, want %v", tt.got, tt.want, got, tt.same)
		}
	}
}
