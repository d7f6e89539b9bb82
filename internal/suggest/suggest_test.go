package suggest

import (
	"strings"
	"testing"
)

func TestClosest(t *testing.T) {
	t.Parallel()
	vars := []string{"ROBOKASSA_PASSWORD1", "ROBOKASSA_PASSWORD2", "ROBOKASSA_MERCHANT_LOGIN", "PAYMENTS_PROVIDER"}
	tests := []struct {
		name       string
		word       string
		candidates []string
		want       string
		wantOK     bool
	}{
		{"one letter missing", "ROBOKASSA_PASWORD1", vars, "ROBOKASSA_PASSWORD1", true},
		{"transposed", "PAYMENTS_PROVDIER", vars, "PAYMENTS_PROVIDER", true},
		{"letter missing", "PAYMENTS_PROVDER", vars, "PAYMENTS_PROVIDER", true},
		{"case only", "robokassa_password2", vars, "ROBOKASSA_PASSWORD2", true},
		{"nothing close", "ROBOKASSA_SOMETHING_ELSE", vars, "", false},
		{"short word, one edit", "lnk", []string{"link"}, "link", true},
		{"short word, too far", "pay", []string{"link", "status"}, "", false},
		{"short word, swap", "fkae", []string{"fake", "tbank"}, "fake", true},
		{"provider", "robokasa", []string{"clientsdk", "fake", "robokassa", "tbank"}, "robokassa", true},
		{"no candidates", "x", nil, "", false},
		{"too long", strings.Repeat("a", 100), []string{strings.Repeat("a", 99)}, "", false},
		{"unicode", "währung", []string{"wahrung"}, "wahrung", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := Closest(tt.word, tt.candidates)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Closest(%q) = %q, %v; want %q, %v", tt.word, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestDistance(t *testing.T) {
	t.Parallel()
	// Classic examples of Levenshtein distance.
	tests := []struct {
		a, b string
		want int
	}{
		{"kitten", "sitting", 3},
		{"flaw", "lawn", 2},
		{"", "abc", 3},
		{"abc", "", 3},
		{"same", "same", 0},
		{"ab", "ba", 1},
		{"jsno", "json", 1},
		{"ca", "abc", 3}, // optimal string alignment: no edit of a swapped pair

	}
	for _, tt := range tests {
		if got := distance(tt.a, tt.b); got != tt.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestDidYouMean(t *testing.T) {
	t.Parallel()
	if got, want := DidYouMean("stauts", []string{"status", "link"}), " (did you mean status?)"; got != want {
		t.Errorf("DidYouMean = %q, want %q", got, want)
	}
	if got := DidYouMean("zzzzzz", []string{"status", "link"}); got != "" {
		t.Errorf("DidYouMean of nothing close = %q, want empty", got)
	}
}

func FuzzClosest(f *testing.F) {
	f.Add("ROBOKASSA_PASWORD1", "ROBOKASSA_PASSWORD1")
	f.Add("", "")
	f.Add("\xff\xfe", "a")
	f.Fuzz(func(t *testing.T, word, candidate string) {
		got, ok := Closest(word, []string{candidate})
		if ok && got != candidate {
			t.Fatalf("Closest returned %q, not the candidate", got)
		}
		if d := distance(word, candidate); d != distance(candidate, word) {
			t.Fatalf("distance not symmetric")
		}
	})
}
