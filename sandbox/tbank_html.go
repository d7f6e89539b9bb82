package sandbox

import (
	"fmt"
	"html/template"
	"net/http"
)

// tbPageData fills tbPageTemplate.
type tbPageData struct {
	Order, PaymentID, Amount, Description, Note string
	Action, Token, Default, Status, State       string
	Hold, Recurrent, Open                       bool
	Receipt                                     []tbReceiptLine
	Cards                                       []tbTestCard
}

// tbPage renders the T-Bank page template.
func tbPage(w http.ResponseWriter, status int, d tbPageData) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if err := tbPageTemplate.Execute(w, d); err != nil {
		fmt.Fprintf(w, "<p>sandbox: %s</p>", template.HTMLEscapeString(err.Error()))
	}
}

// The sandbox's T-Bank payment page. Its element ids (pay, decline,
// order-id, payment-id, amount, receipt, status, state, ...), the
// receipt's receipt-line rows and the card radio buttons (name card, ids
// card-<number>) are stable, for browser tests.
var tbPageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8"><title>T-Bank sandbox</title>
<style>body{font-family:sans-serif;max-width:36em;margin:2em auto}button{font-size:1.1em;margin:.3em}.note{color:#a60}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.2em .4em;text-align:left}label{display:block}</style>
</head><body>
<h1>T-Bank sandbox</h1>
{{- if .Order}}
<p>Заказ / Order: <b id="order-id">{{.Order}}</b></p>
<p>Платёж / Payment: <b id="payment-id">{{.PaymentID}}</b></p>
<p>Сумма / Amount: <b id="amount">{{.Amount}}</b> <span id="currency">RUB</span></p>
{{- end}}
{{- if .Description}}
<p>Описание / Description: <span id="description">{{.Description}}</span></p>
{{- end}}
{{- with .Receipt}}
<table id="receipt">
<caption>Чек (54-ФЗ) / Receipt (54-FZ)</caption>
<tr><th>Наименование / Name</th><th>Количество / Quantity</th><th>Цена / Price</th><th>Сумма / Sum</th><th>НДС / Tax</th></tr>
{{- range .}}
<tr class="receipt-line"><td>{{.Name}}</td><td>{{.Quantity}}</td><td>{{.Price}}</td><td>{{.Amount}}</td><td>{{.Tax}}</td></tr>
{{- end}}
</table>
{{- end}}
{{- if .Hold}}
<p id="hold" class="note">Двухстадийная оплата: средства будут заблокированы / Two-stage payment: the amount will be held</p>
{{- end}}
{{- if .Recurrent}}
<p id="recurrent" class="note">Карта будет сохранена для повторных списаний / The card will be kept for recurring charges</p>
{{- end}}
{{- if .Note}}
<p id="trigger" class="note">{{.Note}}</p>
{{- end}}
{{- if .Open}}
<form method="post" action="{{.Action}}">
<input type="hidden" name="token" value="{{.Token}}">
<fieldset id="cards"><legend>Тестовая карта / Test card</legend>
{{- range .Cards}}
<label><input type="radio" name="card" id="card-{{.Number}}" value="{{.Number}}"{{if eq .Number $.Default}} checked{{end}}> {{.Number}}: {{.Outcome}}</label>
{{- end}}
</fieldset>
<button id="pay" type="submit" name="action" value="pay">Оплатить / Pay</button>
<button id="decline" type="submit" name="action" value="decline">Отказаться от оплаты / Decline</button>
</form>
{{- else}}
{{- if .Status}}<p>Статус / Status: <b id="status">{{.Status}}</b></p>{{end}}
<p id="state">{{.State}}</p>
{{- end}}
<p><small>This is a local sandbox: no money moves.</small></p>
</body></html>
`))
