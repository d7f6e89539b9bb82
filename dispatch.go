package payments

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// operation describes one Client operation for dispatch: what to check
// before the provider is called, how to call it, and what to check in its
// answer.
type operation[T any] struct {
	op Operation
	// optional marks an operation of an optional interface; it runs only
	// when the provider implements that interface (implemented) and
	// declares the operation.
	optional, implemented bool
	// validate checks the request before the provider sees it.
	validate func() error
	// call asks the provider.
	call func(ctx context.Context) (*T, error)
	// check checks the provider's answer against the request.
	check func(*T) error
	// attrs are the log attributes of a valid request; attrsWhenInvalid
	// logs them for a refused request too (they must not need a valid one).
	// An "order_id" among them is the order id an Observer is told.
	attrs            func() []slog.Attr
	attrsWhenInvalid bool
}

// dispatch is the one path every operation but webhook verification takes:
// capability, validation, context, the call (reads retried; what is not
// [Operation.Resendable], money-moving calls and receipts, sent once), the
// answer's checks, then one wrapped error and one log record. A context
// that is done before such work is sent returns its error as is, unlogged:
// nothing was attempted. An Observer is told of every call.
func dispatch[T any](ctx context.Context, c *Client, o operation[T]) (*T, error) {
	start := c.opts.Now()
	ctx, obs := c.startOp(ctx, o.op)
	if o.optional && (!o.implemented || !c.caps.Supports(o.op)) {
		return finish[T](ctx, c, obs, o.op, start, nil, c.unsupported(o.op))
	}
	if err := o.validate(); err != nil {
		obs.refuse()
		var attrs []slog.Attr
		if o.attrsWhenInvalid {
			attrs = o.attrs()
		}
		return finish[T](ctx, c, obs, o.op, start, nil, err, attrs...)
	}
	var res *T
	var err error
	if !o.op.Resendable() {
		if err := ctx.Err(); err != nil {
			obs.end(ctx, orderIDAttr(o.attrs()), err)
			return nil, err
		}
		res, err = o.call(ctx)
	} else {
		err = c.retry(ctx, func() error {
			var err error
			res, err = o.call(ctx)
			return err
		})
	}
	if err == nil {
		err = o.check(res)
	}
	return finish(ctx, c, obs, o.op, start, res, err, o.attrs()...)
}

// finish wraps err once, logs the operation, tells the Observer (obs) and
// returns its result, or nil and the error.
func finish[T any](ctx context.Context, c *Client, obs *observation, op Operation, start time.Time, res *T, err error, attrs ...slog.Attr) (*T, error) {
	if err != nil {
		err = c.fail(op, err)
	}
	c.log(ctx, op, start, err, attrs...)
	obs.end(ctx, orderIDAttr(attrs), err)
	if err != nil {
		return nil, err
	}
	return res, nil
}

// fail wraps err once for op, with the default Advice of an unknown outcome
// when the provider gave none.
func (c *Client) fail(op Operation, err error) error {
	return withAdvice(op, c.caps, wrapErr(op, c.p.Name(), err))
}

func (c *Client) unsupported(op Operation) error {
	return &Error{Op: op, Provider: c.p.Name(), Kind: errors.ErrUnsupported, Message: "the provider does not support " + string(op)}
}

func (c *Client) log(ctx context.Context, op Operation, start time.Time, err error, attrs ...slog.Attr) {
	if c.opts.Logger == nil {
		return
	}
	attrs = append(attrs,
		slog.String("provider", c.p.Name()),
		slog.String("op", string(op)),
		slog.Duration("elapsed", c.opts.Now().Sub(start)),
	)
	level := slog.LevelDebug
	if err != nil {
		level = slog.LevelWarn
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	c.opts.Logger.LogAttrs(ctx, level, "payments: "+string(op), attrs...)
}
