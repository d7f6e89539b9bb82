package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/paykit/payments"
)

// The sandbox's Robokassa pages, in the shared layout (layout.go). Their
// element ids (pay, decline, inv-id, out-sum, receipt, error-code,
// error-message, ...) and the receipt's receipt-line rows are stable, for
// browser tests.
var rkTemplates = sbTemplates(`{{template "sb-head" (sbHead "Robokassa" "Оплата счёта" "Pay the invoice" "ru")}}
<dl class="sb-order" id="order">
<dt>{{template "sb-tr" (tr "Магазин" "Shop")}}</dt><dd id="shop">{{.Shop}}</dd>
<dt>{{template "sb-tr" (tr "Счёт" "Invoice")}}</dt><dd><b id="inv-id">{{.InvID}}</b></dd>
<dt>{{template "sb-tr" (tr "Сумма" "Amount")}}</dt><dd class="sb-amount"><b id="out-sum">{{.Amount}}</b> <span id="currency">{{.Currency}}</span></dd>
{{- if .Description}}
<dt>{{template "sb-tr" (tr "Описание" "Description")}}</dt><dd id="description">{{.Description}}</dd>
{{- end}}
{{- if .Method}}
<dt>{{template "sb-tr" (tr "Способ оплаты" "Payment method")}}</dt><dd><b id="method">{{.Method}}</b></dd>
{{- end}}
</dl>
{{- with .Receipt}}
<div class="sb-scroll">
<table id="receipt">
<caption>Чек (54-ФЗ) / Receipt (54-FZ){{if .Sno}}: <span id="receipt-sno">{{.Sno}}</span>{{end}}</caption>
<tr><th scope="col">Наименование / Name</th><th scope="col">Количество / Quantity</th><th scope="col">Сумма / Sum</th><th scope="col">НДС / Tax</th><th scope="col">Способ расчёта / Payment method</th><th scope="col">Предмет расчёта / Payment object</th></tr>
{{- range .Items}}
<tr class="receipt-line"><td>{{.Name}}</td><td>{{.Quantity}}</td><td>{{if .Sum}}{{.Sum}}{{else if .Cost}}{{.Cost}} / шт. / each{{end}}</td><td>{{.Tax}}</td><td>{{.PaymentMethod}}</td><td>{{.PaymentObject}}</td></tr>
{{- end}}
</table>
</div>
{{- end}}
{{- if .Hold}}
<p id="hold" class="note">Двухстадийная оплата: средства будут заблокированы / Two-step payment: the amount will be held</p>
{{- end}}
{{- if .Test}}
<p id="test-mode" class="note">Тестовый платёж / Test payment</p>
{{- end}}
{{- if .Note}}
<p id="trigger" class="note">{{.Note}}</p>
{{- end}}
<div class="sb-actions">
<form method="post" action="{{.PayURL}}"><input type="hidden" name="token" value="{{.Token}}"><button id="pay" type="submit">Оплатить / Pay</button></form>
<form method="post" action="{{.DeclineURL}}"><input type="hidden" name="token" value="{{.Token}}"><button id="decline" type="submit">Отказаться от оплаты / Decline</button></form>
</div>
{{template "sb-hints" (sbHints "robokassa")}}
{{template "sb-foot"}}
{{define "error"}}{{template "sb-head" (sbHead "Robokassa" "Ошибка" "Error" "ru")}}
<p class="sb-error">Некоторые параметры счёта некорректны / Some parameters of the invoice are invalid</p>
{{- if .Code}}
<p>Код ошибки / Error code: <b id="error-code">{{.Code}}</b></p>
{{- end}}
<p id="error-message" class="sb-state sb-bad">{{.RU}} / {{.EN}}</p>
{{- with .Hint}}
<section id="signature-hint" aria-labelledby="signature-hint-title">
<h2 id="signature-hint-title">{{template "sb-tr" (tr "Что ожидала песочница" "What the sandbox expected")}}</h2>
<p><span lang="ru">SignatureValue = {{.Algorithm}} от строки (пароль показан именем, не значением):</span> <span lang="en">SignatureValue = {{.Algorithm}} of the base string (the password by its name, never its value):</span></p>
<pre id="signature-template">{{.Template}}</pre>
<p>{{template "sb-tr" (tr "С полученными значениями" "With the values received")}}:</p>
<pre id="signature-base">{{.Base}}</pre>
<p><span lang="ru">Пароль: {{.Password}} из настроек магазина.</span> <span lang="en">Password: the shop's {{.Password}}.</span> <span lang="en">Only the sandbox says this; Robokassa answers just "Неверный Signature".</span></p>
</section>
{{- end}}
{{template "sb-foot"}}
{{end}}
{{define "message"}}{{template "sb-head" (sbHead "Robokassa" "Оплата" "Payment" "ru")}}
<p id="message" class="sb-state">{{.Text}}</p>
{{- with .Again}}
<form method="post" action="{{$.AgainURL}}" class="sb-actions"><input type="hidden" name="token" value="{{.}}"><button id="pay-again" class="sb-primary" type="submit">Оплатить снова / Pay again</button></form>
{{- end}}
{{template "sb-foot"}}
{{end}}
`)

// rkPageData fills the payment page.
type rkPageData struct {
	Shop, InvID, Amount, Currency, Description, Note string
	Method                                           string // IncCurrLabel as sent
	Test, Hold                                       bool
	Token, PayURL, DeclineURL                        string
	Receipt                                          *rkReceipt // the first receipt, nil without one
}

// rkReceipt is the part of a Receipt (https://docs.robokassa.ru/fiscalization)
// that the payment page shows, with amounts as sent.
type rkReceipt struct {
	Sno   string `json:"sno"`
	Items []struct {
		Name          string      `json:"name"`
		Quantity      json.Number `json:"quantity"`
		Sum           json.Number `json:"sum"`
		Cost          json.Number `json:"cost"`
		Tax           string      `json:"tax"`
		PaymentMethod string      `json:"payment_method"`
		PaymentObject string      `json:"payment_object"`
	} `json:"items"`
}

// rkDecodeReceipt decodes the JSON of a Receipt; ok is false unless it is a
// JSON object whose known fields have their documented types.
func rkDecodeReceipt(js string) (r *rkReceipt, ok bool) {
	b := bytes.TrimSpace([]byte(js))
	if len(b) == 0 || b[0] != '{' {
		return nil, false
	}
	r = new(rkReceipt)
	if json.Unmarshal(b, r) != nil {
		return nil, false
	}
	return r, true
}

// rkError is an error page of the payment interface. Code is Robokassa's
// error code where it is known (26 unknown shop, 29 bad signature),
// otherwise zero.
type rkError struct {
	Code   int
	RU, EN string
	Status int        // HTTP status; 0 means 200, as Robokassa answers
	Hint   *rkSigHint // the expected base string of a bad signature (sandbox only)
}

func rkErrSignature() *rkError {
	// byBenPuls/robokassa#20 and Akurganow/WooCommerce-Robokassa#16:
	// error 29, "Неверный Signature".
	return &rkError{Code: 29, RU: "Неверный Signature", EN: "Invalid signature"}
}

func rkErrParam(name string) *rkError {
	return &rkError{RU: "Неверный параметр: " + name, EN: "Invalid parameter: " + name}
}

func rkWriteHTML(w http.ResponseWriter, status int, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = rkTemplates.ExecuteTemplate(w, name, data)
}

func (e *rkError) write(w http.ResponseWriter) {
	status := e.Status
	if status == 0 {
		status = http.StatusOK
	}
	rkWriteHTML(w, status, "error", e)
}

// rkMessageData fills the message page: Text, and Pay again when Again
// (its token) is set.
type rkMessageData struct{ Text, Again, AgainURL string }

func rkMessage(w http.ResponseWriter, status int, msg string) {
	rkWriteHTML(w, status, "message", rkMessageData{Text: msg})
}

// rkPostForm makes the browser POST fields to url, as the shop's own
// checkout does: through NextStep.Render (escaped, a CSP allowing only its
// auto-submit script, no inline handlers). A URL or field Render refuses
// is the shop's misconfiguration, said on an error page.
func rkPostForm(w http.ResponseWriter, url string, fields []payments.Field) {
	step := payments.NextStep{Kind: payments.NextPostForm, URL: url, Fields: fields}
	if err := step.Render(w, nil); err != nil {
		rkMessage(w, http.StatusBadRequest, "Песочница не может отправить форму магазину / The sandbox cannot post the form to the shop: "+err.Error())
	}
}
