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
	Hold, Recurrent, Open, Good                 bool
	TitleRU, TitleEN                            string // the heading; "" for the payment page's
	Receipt                                     []tbReceiptLine
	Cards                                       []tbTestCard
	// SBP shows the bank app of an SBP payment (tbank_sbp.go) instead of
	// the cards: Pay and Reject (id reject).
	SBP bool
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

// The sandbox's T-Bank payment page, in the shared layout (layout.go). Its
// element ids (pay, decline or, for SBP, reject, order-id, payment-id, amount, receipt,
// status, state, ...), the receipt's receipt-line rows and the card radio
// buttons (name card, ids card-<number>) are stable, for browser tests.
var tbPageTemplate = sbTemplates(`{{template "sb-head" (sbHead "T-Bank" (or .TitleRU (and (not .Open) "Платёж") "Оплата заказа") (or .TitleEN (and (not .Open) "Payment") "Pay for the order") "ru")}}
{{- if .Order}}
<dl class="sb-order" id="order">
<dt>{{template "sb-tr" (tr "Заказ" "Order")}}</dt><dd><b id="order-id">{{.Order}}</b></dd>
<dt>{{template "sb-tr" (tr "Платёж" "Payment")}}</dt><dd><b id="payment-id">{{.PaymentID}}</b></dd>
<dt>{{template "sb-tr" (tr "Сумма" "Amount")}}</dt><dd class="sb-amount"><b id="amount">{{.Amount}}</b> <span id="currency">RUB</span></dd>
{{- if .Description}}
<dt>{{template "sb-tr" (tr "Описание" "Description")}}</dt><dd id="description">{{.Description}}</dd>
{{- end}}
</dl>
{{- end}}
{{- with .Receipt}}
<div class="sb-scroll">
<table id="receipt">
<caption>Чек (54-ФЗ) / Receipt (54-FZ)</caption>
<tr><th scope="col">Наименование / Name</th><th scope="col">Количество / Quantity</th><th scope="col">Цена / Price</th><th scope="col">Сумма / Sum</th><th scope="col">НДС / Tax</th></tr>
{{- range .}}
<tr class="receipt-line"><td>{{.Name}}</td><td>{{.Quantity}}</td><td>{{.Price}}</td><td>{{.Amount}}</td><td>{{.Tax}}</td></tr>
{{- end}}
</table>
</div>
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
{{- if .SBP}}
<p id="sbp" class="note">СБП: эта страница играет приложение банка покупателя, открытое по QR-коду / SBP: this page plays the buyer's bank app, opened from the QR code</p>
{{- else}}
<fieldset id="cards"><legend>Тестовая карта / Test card</legend>
{{- range .Cards}}
<label><input type="radio" name="card" id="card-{{.Number}}" value="{{.Number}}"{{if eq .Number $.Default}} checked{{end}}> <code>{{.Number}}</code>: {{.Outcome}}</label>
{{- end}}
</fieldset>
{{- end}}
<div class="sb-actions">
<button id="pay" type="submit" name="action" value="pay">Оплатить / Pay</button>
{{- if .SBP}}
<button id="reject" type="submit" name="action" value="reject">Отклонить / Reject</button>
{{- else}}
<button id="decline" type="submit" name="action" value="decline">Отказаться от оплаты / Decline</button>
{{- end}}
</div>
</form>
{{- else}}
{{- if .Status}}<p>Статус / Status: <b id="status">{{.Status}}</b></p>{{end}}
<p id="state" class="sb-state{{if .Good}} sb-ok{{else if .Status}} sb-bad{{end}}">{{.State}}</p>
{{- end}}
{{template "sb-hints" (sbHints "tbank")}}
{{template "sb-foot"}}`)
