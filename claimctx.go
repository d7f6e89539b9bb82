package payments

import "context"

// claimKey is the context key of the claim a webhook delivery holds.
type claimKey struct{}

// ClaimFrom returns the claim that [Client.WebhookHandler] acquired for the
// event it passes to the app's [HandlerFunc] with ctx, and whether there is
// one. A store that can record the event as handled in the app's own
// transaction (completing the claim there, with its owner token) reads it
// here; the handler then still calls the store's Complete with the same
// claim, which such a store accepts.
func ClaimFrom(ctx context.Context) (Claim, bool) {
	c, ok := ctx.Value(claimKey{}).(Claim)
	return c, ok
}

// withClaim returns ctx carrying the acquired claim c, for ClaimFrom.
func withClaim(ctx context.Context, c Claim) context.Context {
	return context.WithValue(ctx, claimKey{}, c)
}
