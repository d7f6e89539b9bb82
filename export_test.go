package payments

import (
	"context"
	"time"
)

// SetSleep replaces c's wait between retries, so that tests see the waits
// without spending them.
func SetSleep(c *Client, sleep func(ctx context.Context, d time.Duration) error) { c.sleep = sleep }

// DefaultAdvice is the Advice the Client gives for op when the provider gave
// none.
var DefaultAdvice = defaultAdvice
