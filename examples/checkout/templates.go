package main

import (
	"html/template"
	"net/http"

	"github.com/paykit/payments"
)

// pageData fills the templates.
type pageData struct {
	Banner   string
	Products []product
	Order    *order
	Message  string
	Receipt  *payments.Receipt // the order's fiscal receipt, if it has one
	Email    string            // prefills the checkout forms' e-mail field
	Caps     payments.Capabilities
}

// The page's element ids (buy-<product>, status with data-status and
// data-via, order-id, total, receipt with receipt-line rows and
// receipt-email, email-<product> and sbp-<product> (Pay with SBP, where
// the provider declares it) on the checkout forms, ship, cancel,
// action, advice, pay-again) are stable, for tests. A failed order offers
// Pay again: a new order for the same product, whose payment starts anew
// at the provider's payment page (every provider takes a new payment).
var templates = template.Must(template.New("layout").Funcs(template.FuncMap{"sbp": sbpOffered}).Parse(`{{define "top"}}<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Gopher shop</title>
{{with .Order}}{{if and .Action (not .Advice)}}<meta http-equiv="refresh" content="1">{{end}}{{end}}
<style>
body{font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em;color:#222}
.banner{background:#eef;padding:.4em .8em;border-radius:4px;font-size:.9em}
.product{border:1px solid #ccc;border-radius:6px;padding:.8em;margin:1em 0}
button{font-size:1em;padding:.3em 1em}
.paid,.captured{color:#070}.failed,.cancelled{color:#a00}.pending,.authorized{color:#a60}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em}.note{color:#555;font-size:.9em}
</style></head><body>
<p class="banner">{{.Banner}}</p>
<h1><a href="/" style="color:inherit;text-decoration:none">Gopher shop</a></h1>
{{end}}
{{define "bottom"}}</body></html>
{{end}}
{{define "products"}}{{template "top" .}}
{{range .Products}}<div class="product">
<h2>{{.Name}}</h2>
<p>{{.Description}}</p>
<p><b>{{.Price}}</b></p>
{{if .Receipt}}<p class="note">Sold with a 54-FZ fiscal receipt.</p>{{end}}
{{if .Hold}}<p class="note">Reserve now, pay when shipped: the price is held on your card and charged only when we ship.</p>{{end}}
<form method="post" action="/checkout"><input type="hidden" name="product" value="{{.ID}}">
<p><label>E-mail{{if .Receipt}} for the receipt{{end}}: <input type="email" name="email" id="email-{{.ID}}" value="{{$.Email}}" maxlength="64" autocomplete="email"{{if .Receipt}} required{{end}}></label></p>
<button id="buy-{{.ID}}" type="submit">Buy</button>
{{if sbp . $.Caps}}<button id="sbp-{{.ID}}" type="submit" name="method" value="sbp">Pay with SBP</button>{{end}}</form>
</div>
{{end}}{{template "bottom"}}{{end}}
{{define "order"}}{{template "top" .}}{{with .Order}}
<h2>Order <span id="order-id">{{.ID}}</span></h2>
<p>{{.Product.Name}}: <b id="total">{{.Total}}</b></p>
{{if eq .State "paid"}}<p id="status" class="paid" data-status="paid" data-via="{{.Via}}">Paid. Thank you! We are packing your order.</p>
<p><small>{{template "via" .}}</small></p>
{{else if eq .State "captured"}}<p id="status" class="captured" data-status="captured" data-via="{{.Via}}">Shipped and charged. Thank you!</p>
<p><small>{{template "via" .}}</small></p>
{{else if eq .State "authorized"}}<p id="status" class="authorized" data-status="authorized" data-via="{{.Via}}">Reserved: {{.Total}} is held and charged only when we ship.</p>
{{if .Action}}<p id="action" data-action="{{.Action}}">{{if eq .Action "ship"}}Shipping: the charge was requested{{else}}Cancelling: the release was requested{{end}}; waiting for the provider to confirm it.</p>
{{with .Advice}}<p id="advice">The provider's answer did not arrive, so the request is not sent again. {{.}}</p>{{end}}
<p><a id="refresh" href="/orders/{{.ID}}">Check again</a></p>
{{else}}<p>For the shop's staff (an example has no login):</p>
<form method="post" action="/orders/{{.ID}}/ship" style="display:inline"><input type="hidden" name="token" value="{{.Token}}"><button id="ship" type="submit">Ship (charge {{.Total}})</button></form>
<form method="post" action="/orders/{{.ID}}/cancel" style="display:inline"><input type="hidden" name="token" value="{{.Token}}"><button id="cancel" type="submit">Cancel (release the hold)</button></form>
{{end}}{{with .Problem}}<p id="problem">{{.}}</p>{{end}}
{{else if eq .State "cancelled"}}<p id="status" class="cancelled" data-status="cancelled" data-via="{{.Via}}">Cancelled. {{.Problem}}</p>
{{else if eq .State "failed"}}<p id="status" class="failed" data-status="failed" data-via="{{.Via}}">Not paid. {{.Problem}}</p>
<form method="post" action="/checkout"><input type="hidden" name="product" value="{{.Product.ID}}"><input type="hidden" name="email" value="{{.Email}}"><button id="pay-again" type="submit">Pay again</button></form>
{{else}}<p id="status" class="pending" data-status="pending">Awaiting payment.{{with .ProviderStatus}} The provider says: {{.}}.{{end}}</p>
{{with .Problem}}<p>{{.}}</p>{{end}}
<p><a id="refresh" href="/orders/{{.ID}}">Check again</a></p>
{{end}}{{end}}
{{with .Receipt}}<h3>Fiscal receipt (54-FZ){{with .Email}}, sent to <span id="receipt-email">{{.}}</span>{{end}}</h3>
<table id="receipt"><tr><th>Item</th><th>Qty</th><th>Amount</th><th>VAT</th><th>Payment</th><th>Object</th></tr>
{{range .Items}}<tr class="receipt-line"><td>{{.Name}}</td><td>{{.Quantity}}</td><td>{{.Amount}}</td><td>{{.Tax}}</td><td>{{.PaymentMethod}}</td><td>{{.PaymentObject}}</td></tr>
{{end}}</table>{{end}}
<p><a href="/">Back to the shop</a></p>
{{template "bottom"}}{{end}}
{{define "via"}}{{if eq .Via "webhook"}}Confirmed by the provider's verified notification{{else}}Confirmed by a status lookup at the provider{{end}}.{{end}}
{{define "error"}}{{template "top" .}}<p id="error">{{.Message}}</p>
<p><a href="/">Back to the shop</a></p>
{{template "bottom"}}{{end}}`))

func (a *App) render(w http.ResponseWriter, status int, name string, data pageData) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if err := templates.ExecuteTemplate(w, name, data); err != nil {
		a.log.Error("rendering a page", "page", name, "error", err)
	}
}
