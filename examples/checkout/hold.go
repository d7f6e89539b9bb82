package main

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/paykit/payments"
)

// holdRoutes adds the Ship and Cancel buttons' endpoints of a reserved
// order (product.Hold). Both move money, so they are POST only, refuse
// cross-origin browser requests (http.CrossOriginProtection: the
// Sec-Fetch-Site and Origin headers) and need the order's own token from
// the order page's form.
func (a *App) holdRoutes(mux *http.ServeMux) {
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.render(w, http.StatusForbidden, "error", pageData{Banner: a.banner, Message: "Refused: the request came from another site."})
	}))
	mux.Handle("POST /orders/{id}/ship", csrf.Handler(a.holdAction(actionShip)))
	mux.Handle("POST /orders/{id}/cancel", csrf.Handler(a.holdAction(actionCancel)))
}

// holdAction captures (Ship) or cancels the order's hold. The order is
// claimed first, so that a second click moves no money; the provider's
// answer only says that it took the request, so the order page shows the
// order captured or cancelled once the webhook or a status lookup says so.
//
// A refusal (the hold is gone, bad input) gives the buttons back with the
// reason. An outcome that is unknown (ErrOutcomeUnknown: the request may
// have been acted on) is never resent: the order keeps its action, shows
// the provider's advice, and the status lookups of the order page settle
// it.
func (a *App) holdAction(action string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, 4<<10) // a token, nothing more
		id := r.PathValue("id")
		o, err := a.orders.claim(id, r.PostFormValue("token"), action)
		switch {
		case errors.Is(err, errNoOrder):
			a.render(w, http.StatusNotFound, "error", pageData{Banner: a.banner, Message: "No such order."})
			return
		case errors.Is(err, errBadToken):
			a.render(w, http.StatusForbidden, "error", pageData{Banner: a.banner, Message: "Refused: " + err.Error() + "."})
			return
		case err != nil:
			a.render(w, http.StatusConflict, "error", pageData{Banner: a.banner, Message: "Order " + o.ID + ": " + err.Error() + "."})
			return
		}
		// The request must not end with the browser's connection: a capture
		// cut off after it was sent would leave its outcome unknown.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 30*time.Second)
		defer cancel()
		if action == actionShip {
			_, err = a.client.Capture(ctx, &payments.CaptureRequest{OrderID: id})
		} else {
			_, err = a.client.Cancel(ctx, &payments.CancelRequest{OrderID: id})
		}
		switch {
		case err == nil:
			a.log.InfoContext(ctx, "hold "+action+" requested", "order", id)
		case errors.Is(err, payments.ErrOutcomeUnknown), errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
			advice := adviceOf(err)
			a.log.WarnContext(ctx, "hold "+action+": outcome unknown, not resending", "order", id, "error", err)
			a.orders.update(id, func(o *order) {
				if o.Action == action {
					o.Advice = advice
				}
			})
		default:
			a.log.WarnContext(ctx, "hold "+action+" refused", "order", id, "error", err)
			a.orders.release(id, action, "The provider refused to "+action+" the order: "+shortError(err))
		}
		http.Redirect(w, r, "/orders/"+id, http.StatusSeeOther)
	}
}

// adviceOf is how to find out what happened after err, an unknown outcome:
// the provider's (or the Client's) Error.Advice, or a lookup by order id.
func adviceOf(err error) string {
	var pe *payments.Error
	if errors.As(err, &pe) && pe.Advice != "" {
		return pe.Advice
	}
	return "Look the payment up by its order id before doing anything else; do not send the request again."
}

// cancelledText explains a hold that ended without a capture: cancelled by
// the shop, or by the provider at the end of the hold period.
func cancelledText(action string, st payments.Status) string {
	switch {
	case action == actionCancel:
		return "The reserved amount was released."
	case st == payments.StatusExpired:
		return "The reservation expired and the amount was released."
	}
	return "The provider ended the reservation and released the amount."
}
