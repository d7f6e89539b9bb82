package providerkit_test

import (
	"testing"

	"github.com/paykit/payments/providerkit"
)

func TestLanguage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		tag     string
		offered []string
		want    string
	}{
		{"ru", []string{"ru", "en"}, "ru"},
		{"en-US", []string{"ru", "en"}, "en"},
		{"EN_us", []string{"ru", "en"}, "en"},
		{" en ", []string{"ru", "en"}, "en"},
		{"de-DE", []string{"ru", "en"}, ""},
		{"", []string{"ru", "en"}, ""},
		{"-en", []string{"ru", "en"}, ""},
		{"kk-KZ", nil, "kk"},
		{"e1", nil, ""},
		{"abcdefghi", nil, ""},
		{"русский", nil, ""},
	}
	for _, tt := range tests {
		if got := providerkit.Language(tt.tag, tt.offered...); got != tt.want {
			t.Errorf("Language(%q, %q) = %q, want %q", tt.tag, tt.offered, got, tt.want)
		}
	}
}
