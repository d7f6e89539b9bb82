package sandbox

import (
	"html/template"
	"strings"
)

// The sandbox's buyer-facing pages share one layout and one stylesheet, so
// that every provider's pages look alike: a banner saying that this is a
// SANDBOX of the provider, the order once, the test hints, Russian and
// English side by side (each text in an element with its lang), and a
// layout that fits a phone and a desktop. The stylesheet is inline: the
// pages load nothing from anywhere else.
//
// A page template starts with {{template "sb-head" (sbHead "Provider"
// "Заголовок" "Title" "lang")}} and ends with {{template "sb-foot"}};
// {{template "sb-tr" (tr "По-русски" "In English")}} writes one bilingual
// text, {{template "sb-hints" (sbHints "provider")}} the trigger amounts.

// sbCSS is the sandbox pages' stylesheet.
const sbCSS = `:root{--ink:#1d2330;--muted:#4f5866;--line:#d5dbe5;--bg:#eef1f6;--card:#fff;--accent:#1f4fbf;--warn:#6b4500;--warn-bg:#fff4d6;--bad:#9b1117;--bad-bg:#fdecec;--ok:#17602e;--ok-bg:#e8f6ec}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif}
.sb-banner{background:#1d2533;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.25rem .75rem;align-items:center;font-size:.9rem}
.sb-badge{background:#ffd23f;color:#1d2330;font-weight:700;letter-spacing:.08em;padding:.05rem .5rem;border-radius:3px}
.sb-banner [lang=en]{color:#d7deea}
.sb-wrap{max-width:42rem;margin:1.25rem auto;padding:0 .75rem}
.sb-card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:1.25rem;box-shadow:0 1px 3px rgba(0,0,0,.06)}
h1{font-size:1.35rem;line-height:1.3;margin:0 0 1rem}
h1 small{display:block;font-size:.95rem;font-weight:400;color:var(--muted)}
h2{font-size:1.05rem;margin:1.25rem 0 .5rem}
[lang=en]{color:inherit}
.sb-sep{color:var(--muted)}
.sb-order{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.35rem 1rem;margin:0 0 1rem;padding:.75rem 1rem;background:#f7f9fc;border:1px solid var(--line);border-radius:8px}
.sb-order dt{color:var(--muted)}
.sb-order dd{margin:0;font-weight:600;overflow-wrap:anywhere}
.sb-amount{font-size:1.2rem}
.sb-scroll{overflow-x:auto;margin:0 0 1rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
caption{text-align:left;font-weight:600;padding:0 0 .35rem}
th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f7f9fc;font-weight:600}
.note{background:var(--warn-bg);color:var(--warn);border-left:4px solid #d69e00;padding:.5rem .75rem;border-radius:4px;margin:.75rem 0}
fieldset{border:1px solid var(--line);border-radius:8px;margin:0 0 1rem;padding:.5rem .75rem;min-width:0}
legend{font-weight:600;padding:0 .25rem}
label{display:block;padding:.2rem 0;overflow-wrap:anywhere}
input[type=radio]{margin:0 .4rem 0 0;vertical-align:middle}
.sb-actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0 .5rem}
.sb-actions form{margin:0}
button,.sb-button{font:inherit;font-weight:600;padding:.6rem 1.2rem;min-height:2.75rem;border-radius:6px;border:1px solid #8d96a5;background:#fff;color:var(--ink);cursor:pointer;text-decoration:none;display:inline-block}
button#pay,.sb-primary{background:var(--accent);border-color:var(--accent);color:#fff}
button:focus-visible,a:focus-visible,input:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
a{color:var(--accent)}
.sb-state{font-weight:600;padding:.6rem .75rem;border-radius:6px;background:#f7f9fc;border:1px solid var(--line)}
.sb-ok{background:var(--ok-bg);color:var(--ok);border-color:#9fd3ae}
.sb-bad{background:var(--bad-bg);color:var(--bad);border-color:#f0b3b5}
.sb-error{color:var(--bad)}
pre,code{font:.85rem/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:#f7f9fc;border:1px solid var(--line);border-radius:6px;padding:.5rem .75rem;white-space:pre-wrap;overflow-wrap:anywhere;margin:.25rem 0 .75rem}
.sb-hints{margin-top:1.25rem;font-size:.9rem;color:var(--muted)}
.sb-hints ul{margin:.25rem 0;padding-left:1.25rem}
.sb-foot{max-width:42rem;margin:0 auto 2rem;padding:0 .75rem;font-size:.85rem;color:var(--muted)}
@media (max-width:30rem){.sb-card{padding:1rem .85rem}.sb-order{grid-template-columns:minmax(0,1fr);gap:0}.sb-order dd{margin-bottom:.4rem}.sb-actions button{width:100%}.sb-actions form{flex:1 1 100%}}
`

// sbLayout defines the shared parts of every page.
const sbLayout = `{{define "sb-head"}}<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Provider}} sandbox: {{.EN}}</title>
<style>{{sbCSS}}</style>
</head><body class="sb">
<header class="sb-banner" role="banner"><span class="sb-badge">SANDBOX</span> <span lang="ru">Песочница {{.Provider}}: платёж не настоящий, деньги не списываются.</span> <span lang="en">{{.Provider}} sandbox: not a real payment, no money moves.</span></header>
<div class="sb-wrap"><main class="sb-card" id="main">
<h1>{{template "sb-tr" (tr .RU .EN)}}<small>{{.Provider}} · sandbox</small></h1>
{{end}}
{{define "sb-foot"}}</main></div>
<footer class="sb-foot"><p><span lang="ru">Это локальная песочница: деньги не движутся.</span> <span lang="en">This is a local sandbox: no money moves.</span></p></footer>
</body></html>
{{end}}
{{define "sb-tr"}}<span lang="ru">{{index . 0}}</span><span class="sb-sep" aria-hidden="true"> / </span><span lang="en">{{index . 1}}</span>{{end}}
{{define "sb-hints"}}<section class="sb-hints" aria-label="Sandbox hints"><h2>{{template "sb-tr" (tr "Подсказки песочницы" "Sandbox hints")}}</h2>
<ul>{{range .}}<li><code>{{.Amount}}</code>: <span lang="ru">{{.RU}}</span><span class="sb-sep" aria-hidden="true"> / </span><span lang="en">{{.EN}}</span></li>
{{end}}</ul></section>{{end}}`

// sbHeadData fills the "sb-head" template.
type sbHeadData struct{ Provider, RU, EN, Lang string }

// sbHint is one line of the sandbox hints: an amount that triggers a
// scenario (see the Trigger constants).
type sbHint struct{ Amount, RU, EN string }

// sbHintsFor returns the trigger amounts that act on provider's payment
// pages and operations.
func sbHintsFor(provider string) []sbHint {
	hints := []sbHint{
		{TriggerDecline, "оплата отклоняется (недостаточно средств)", "Pay is declined (insufficient funds)"},
		{TriggerUnavailable, "запрос отклоняется с 503", "the request is refused with a 503"},
		{TriggerOutcomeUnknown, "платёж проходит, ответ 500", "the payment is made, then the answer is a 500"},
		{TriggerDuplicateWebhook, "уведомление приходит дважды", "the notification is delivered twice"},
		{TriggerInsufficientFunds, "возврат отклоняется: нет средств", "a refund of this amount fails for lack of funds"},
	}
	if provider == "robokassa" {
		hints = append(hints, sbHint{TriggerChargeDecline, "повторное списание отклоняется", "a recurring charge is declined"})
	}
	return hints
}

// sbFuncs are the layout's template functions.
var sbFuncs = template.FuncMap{
	"sbCSS": func() template.CSS { return template.CSS(sbCSS) },
	"tr":    func(ru, en string) []string { return []string{ru, en} },
	"sbHead": func(provider, ru, en, lang string) sbHeadData {
		if lang == "" {
			lang = "ru"
		}
		return sbHeadData{Provider: provider, RU: ru, EN: en, Lang: strings.ToLower(lang)}
	},
	"sbHints": sbHintsFor,
}

// sbTemplates parses page (a template named "page" and any others it
// defines) with the shared layout.
func sbTemplates(page string) *template.Template {
	t := template.Must(template.New("page").Funcs(sbFuncs).Parse(sbLayout))
	return template.Must(t.Parse(page))
}
