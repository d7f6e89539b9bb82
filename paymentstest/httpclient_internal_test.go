package paymentstest

import (
	"net/http"
	"testing"
	"time"
)

// TestHTTPProviderDefaultTimeout: an HTTPProvider made without an
// HTTPClient bounds its requests by DefaultTimeout (not http.DefaultClient,
// which has no timeout) or by HTTPConfig.Timeout; a given client is used
// as it is.
func TestHTTPProviderDefaultTimeout(t *testing.T) {
	t.Parallel()
	mine := &http.Client{Timeout: time.Minute}
	tests := []struct {
		name   string
		cfg    HTTPConfig
		want   time.Duration
		client *http.Client // the client expected, if given
	}{
		{"no client", HTTPConfig{}, DefaultTimeout, nil},
		{"Timeout", HTTPConfig{Timeout: 5 * time.Second}, 5 * time.Second, nil},
		{"own client", HTTPConfig{HTTPClient: mine, Timeout: 5 * time.Second}, time.Minute, mine},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := tt.cfg
			cfg.BaseURL, cfg.APIKey, cfg.WebhookSecret = "https://fake.example", "key", "secret"
			p, err := NewHTTPProvider(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if p.client == http.DefaultClient || p.client.Timeout != tt.want {
				t.Errorf("client timeout %v, want %v", p.client.Timeout, tt.want)
			}
			if tt.client != nil && p.client != tt.client {
				t.Error("the given HTTPClient is not used")
			}
		})
	}
	if DefaultTimeout != 30*time.Second {
		t.Errorf("DefaultTimeout = %v, want 30s as robokassa's", DefaultTimeout)
	}
}
