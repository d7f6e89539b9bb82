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
	Step     payments.NextStep
	Message  string
}

// The page's element ids (buy-<product>, status with data-status and
// data-via, order-id, total) are stable, for tests.
var templates = template.Must(template.New("layout").Parse(`{{define "top"}}<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Gopher shop</title>
<style>
body{font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em;color:#222}
.banner{background:#eef;padding:.4em .8em;border-radius:4px;font-size:.9em}
.product{border:1px solid #ccc;border-radius:6px;padding:.8em;margin:1em 0}
button{font-size:1em;padding:.3em 1em}
.paid{color:#070}.failed{color:#a00}.pending{color:#a60}
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
<form method="post" action="/checkout"><input type="hidden" name="product" value="{{.ID}}">
<button id="buy-{{.ID}}" type="submit">Buy</button></form>
</div>
{{end}}{{template "bottom"}}{{end}}
{{define "order"}}{{template "top" .}}{{with .Order}}
<h2>Order <span id="order-id">{{.ID}}</span></h2>
<p>{{.Product.Name}}: <b id="total">{{.Total}}</b></p>
{{if eq .State "paid"}}<p id="status" class="paid" data-status="paid" data-via="{{.Via}}">Paid. Thank you! We are packing your order.</p>
<p><small>{{if eq .Via "webhook"}}Confirmed by the provider's verified notification{{else}}Confirmed by a status lookup at the provider{{end}}.</small></p>
{{else if eq .State "failed"}}<p id="status" class="failed" data-status="failed" data-via="{{.Via}}">Not paid. {{.Problem}}</p>
<p><a href="/">Try again</a></p>
{{else}}<p id="status" class="pending" data-status="pending">Awaiting payment.{{with .ProviderStatus}} The provider says: {{.}}.{{end}}</p>
{{with .Problem}}<p>{{.}}</p>{{end}}
<p><a id="refresh" href="/orders/{{.ID}}">Check again</a></p>
{{end}}{{end}}
<p><a href="/">Back to the shop</a></p>
{{template "bottom"}}{{end}}
{{define "postform"}}<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Redirecting to payment</title></head>
<body onload="document.forms[0].submit()">
<form method="post" action="{{.Step.URL}}">
{{range .Step.Fields}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}<noscript><button id="continue" type="submit">Continue to payment</button></noscript>
</form></body></html>
{{end}}
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
