package payments

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// delivery is a webhook delivery an Observer is told of; nil when the
// Client has no Observer.
type delivery struct {
	obs   Observer
	log   *slog.Logger
	info  DeliveryInfo
	start time.Time
	// notices is HandlerOptions.Notices of the handler.
	notices bool
	// appCalled is set when the app's function was called; appFailed
	// when it or ExpectedAmount returned an error (or never returned).
	// ExpectedAmount alone does not make a delivery handled: it runs
	// before the claim, for duplicates too.
	appCalled, appFailed bool
	// res is set once the delivery was answered.
	res *DeliveryResult
}

// observe tells the Observer, if any, that the delivery r begins. It
// returns r with the context StartDelivery returned, the handler to deliver
// it with (h, or a copy whose app functions report to d), and d (nil
// without an Observer).
func (h *webhookHandler) observe(r *http.Request) (*http.Request, *webhookHandler, *delivery) {
	obs := h.c.opts.Observer
	if obs == nil {
		return r, h, nil
	}
	d := &delivery{obs: obs, log: h.c.opts.Logger, info: DeliveryInfo{Provider: h.c.p.Name(), Method: r.Method}, start: time.Now(), notices: h.o.Notices}
	if ctx := obs.StartDelivery(r.Context(), d.info); ctx != nil {
		r = r.WithContext(ctx)
	}
	hd := *h
	if fn := h.fn; fn != nil {
		hd.fn = func(ctx context.Context, ev *Event) error {
			d.verified(ev)
			d.appCalled, d.appFailed = true, true
			err := fn(ctx, ev)
			d.appFailed = err != nil
			return err
		}
	}
	if want := h.o.ExpectedAmount; want != nil {
		hd.o.ExpectedAmount = func(ctx context.Context, ev *Event) (Money, error) {
			d.verified(ev)
			d.appFailed = true
			m, err := want(ctx, ev)
			d.appFailed = err != nil
			return m, err
		}
	}
	return r, &hd, d
}

// answered records how the delivery was answered: the verified event (nil
// if it was not verified), the status it was refused with (0 when ev was
// acknowledged) and the error.
func (d *delivery) answered(ev *Event, code int, err error) {
	if d == nil {
		return
	}
	res := &DeliveryResult{StatusCode: code, Err: err, ErrorKind: ErrorKind(err)}
	if ev != nil {
		d.verified(ev)
		if code == 0 {
			res.StatusCode = ev.Ack.status()
		}
	}
	switch {
	case code == 0 && d.appCalled && !d.appFailed:
		res.Outcome = DeliveryHandled
	case code == 0 && ev != nil && ev.Type == EventNotice && !d.notices:
		res.Outcome = DeliveryIgnored
	case code == 0:
		res.Outcome = DeliveryDuplicate
	case code == http.StatusConflict:
		res.Outcome = DeliveryBusy
	case code < 500:
		res.Outcome = DeliveryRefused
	case d.appFailed:
		res.Outcome = DeliveryAppError
	default:
		res.Outcome = DeliveryFailed
	}
	d.res = res
}

// verified records the verified event ev.
func (d *delivery) verified(ev *Event) {
	d.info.Verified = true
	d.info.EventType, d.info.EventStatus, d.info.OrderID = ev.Type, ev.Status, ev.OrderID
}

// end tells the Observer how the delivery ended, once it was answered. It
// runs deferred, so that a delivery whose app function panicked is
// reported too.
func (d *delivery) end(ctx context.Context) {
	if d == nil {
		return
	}
	res := d.res
	if res == nil {
		res = &DeliveryResult{Outcome: DeliveryFailed, ErrorKind: "panic"}
		if d.appFailed {
			res.Outcome = DeliveryAppError
		}
	}
	res.Duration = time.Since(d.start)
	defer recoverObserver(ctx, d.log, OpVerifyWebhook)
	d.obs.EndDelivery(ctx, d.info, *res)
}
