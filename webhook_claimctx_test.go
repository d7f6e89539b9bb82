package payments_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
)

// The app's function finds the handler's claim with ClaimFrom: the one the
// store acquired and is then asked to complete.
func TestClaimFromWebhookHandler(t *testing.T) {
	t.Parallel()
	if _, ok := payments.ClaimFrom(context.Background()); ok {
		t.Error("ClaimFrom(context.Background()) reports a claim")
	}
	store := &recordingStore{}
	var got payments.Claim
	var found bool
	fn := func(ctx context.Context, _ *payments.Event) error {
		got, found = payments.ClaimFrom(ctx)
		return nil
	}
	h := newClient(t, newStub(), nil).WebhookHandler(fn, &payments.HandlerOptions{Store: store})
	deliver(h, goodHook)
	if !found {
		t.Fatal("ClaimFrom in the app's function: no claim")
	}
	want := payments.Claim{Key: "stub:evt-1", State: payments.ClaimAcquired, Token: "t1"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ClaimFrom (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"claim stub:evt-1 2m0s", "complete stub:evt-1 t1"}, store.log); diff != "" {
		t.Errorf("store calls (-want +got):\n%s", diff)
	}
}
