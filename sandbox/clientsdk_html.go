package sandbox

import (
	"fmt"
	"html/template"
	"net/http"
)

// csPageData fills csPageTemplate.
type csPageData struct {
	Title, Lang, Order, Amount, Description, Card string
	Action, Token, Trigger, State                 string
	Open                                          bool
}

// csPage renders the page template.
func csPage(w http.ResponseWriter, status int, d csPageData) {
	if d.Lang == "" {
		d.Lang = "en"
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if err := csPageTemplate.Execute(w, d); err != nil {
		fmt.Fprintf(w, "<p>sandbox: %s</p>", template.HTMLEscapeString(err.Error()))
	}
}

var csPageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head><meta charset="utf-8"><title>{{.Title}} · sbank/PayHub sandbox</title></head>
<body>
<h1>{{.Title}}</h1>
<p>sbank/PayHub sandbox: no money moves.</p>
{{if .Order}}<p>Order <span id="order">{{.Order}}</span>: <span id="amount">{{.Amount}}</span> RUB</p>{{end}}
{{if .Description}}<p id="description">{{.Description}}</p>{{end}}
{{if .Card}}<p>Card <span id="card">{{.Card}}</span></p>{{end}}
{{if .Open}}
{{if eq .Trigger "13.13"}}<p id="trigger">Amount 13.13: Pay will be declined (insufficient funds).</p>{{end}}
<form method="post" action="{{.Action}}">
<input type="hidden" name="token" value="{{.Token}}">
<button type="submit" id="pay" name="action" value="pay">{{if eq .Lang "ru"}}Оплатить{{else}}Pay{{end}}</button>
<button type="submit" id="decline" name="action" value="decline">{{if eq .Lang "ru"}}Отказаться{{else}}Decline{{end}}</button>
</form>
{{else}}<p id="state">{{.State}}</p>{{end}}
</body>
</html>
`))
