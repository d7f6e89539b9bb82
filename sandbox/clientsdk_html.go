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
	StateRU                                       string // State in Russian; "" when State says it all
	Good, Bad                                     bool   // colour the state: paid, or declined or expired
}

// csTitlesRU are the Russian page titles.
var csTitlesRU = map[string]string{
	"Payment":           "Оплата",
	"3-D Secure":        "Проверка 3-D Secure",
	"Payment result":    "Результат оплаты",
	"Payment not found": "Платёж не найден",
}

// csPage renders the page template.
func csPage(w http.ResponseWriter, status int, d csPageData) {
	if d.Lang == "" || !csPlainLang(d.Lang) {
		d.Lang = "en"
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if err := csPageTemplate.Execute(w, struct {
		csPageData
		TitleRU string
	}{d, csTitlesRU[d.Title]}); err != nil {
		fmt.Fprintf(w, "<p>sandbox: %s</p>", template.HTMLEscapeString(err.Error()))
	}
}

// csPlainLang reports whether a payment's language can be the page's lang
// attribute: a short tag of letters and hyphens.
func csPlainLang(s string) bool {
	if len(s) > 12 {
		return false
	}
	for _, c := range s {
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && c != '-' {
			return false
		}
	}
	return true
}

// The sbank/PayHub pages, in the shared layout (layout.go), with the
// order shown once. Their element ids (order, amount, description, card,
// trigger, pay, decline, state) are stable, for browser tests; the first
// form on a page is its Pay/Decline form.
var csPageTemplate = sbTemplates(`{{template "sb-head" (sbHead "sbank/PayHub" (or .TitleRU .Title) .Title .Lang)}}
{{- if .Order}}
<dl class="sb-order">
<dt>{{template "sb-tr" (tr "Заказ" "Order")}}</dt><dd id="order">{{.Order}}</dd>
<dt>{{template "sb-tr" (tr "Сумма" "Amount")}}</dt><dd class="sb-amount"><b id="amount">{{.Amount}}</b> <span id="currency">RUB</span></dd>
{{- if .Description}}
<dt>{{template "sb-tr" (tr "Описание" "Description")}}</dt><dd id="description">{{.Description}}</dd>
{{- end}}
{{- if .Card}}
<dt>{{template "sb-tr" (tr "Карта" "Card")}}</dt><dd id="card">{{.Card}}</dd>
{{- end}}
</dl>
{{- end}}
{{- if .Open}}
{{- if eq .Trigger "13.13"}}
<p id="trigger" class="note">Сумма 13.13: оплата будет отклонена / Amount 13.13: Pay will be declined (insufficient funds).</p>
{{- end}}
<form method="post" action="{{.Action}}">
<input type="hidden" name="token" value="{{.Token}}">
<div class="sb-actions">
<button type="submit" id="pay" name="action" value="pay">Оплатить / Pay</button>
<button type="submit" id="decline" name="action" value="decline">Отказаться / Decline</button>
</div>
</form>
{{- else}}
<p id="state" class="sb-state{{if .Good}} sb-ok{{else if .Bad}} sb-bad{{end}}">{{with .StateRU}}<span lang="ru">{{.}}</span><span class="sb-sep" aria-hidden="true"> / </span><span lang="en">{{end}}{{.State}}{{if .StateRU}}</span>{{end}}</p>
{{- end}}
{{template "sb-hints" (sbHints "clientsdk")}}
{{template "sb-foot"}}`)
