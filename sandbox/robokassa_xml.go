package sandbox

import (
	"crypto/subtle"
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"

	"github.com/paykit/payments/robokassa"
)

// The XML interface (https://docs.robokassa.ru/xml-interfaces): every answer is in the namespace
// below and has <Result><Code/><Description/></Result>.
const rkXMLNS = "http://merchant.roboxchange.com/WebService/"

type rkResultXML struct {
	Code        int    `xml:"Code"`
	Description string `xml:"Description,omitempty"`
}

type rkOpStateXML struct {
	XMLName   xml.Name         `xml:"OperationStateResponse"`
	XSD       string           `xml:"xmlns:xsd,attr,omitempty"`
	XSI       string           `xml:"xmlns:xsi,attr,omitempty"`
	NS        string           `xml:"xmlns,attr"`
	Result    rkResultXML      `xml:"Result"`
	State     *rkStateXML      `xml:"State"`
	Info      *rkInfoXML       `xml:"Info"`
	UserField *rkUserFieldsXML `xml:"UserField"`
}

type rkStateXML struct {
	Code        int    `xml:"Code"`
	RequestDate string `xml:"RequestDate"`
	StateDate   string `xml:"StateDate"`
}

type rkInfoXML struct {
	Type          string `xml:"xsi:type,attr"`
	IncCurrLabel  string `xml:"IncCurrLabel"`
	IncSum        string `xml:"IncSum"`
	IncAccount    string `xml:"IncAccount,omitempty"`
	PaymentMethod struct {
		Code        string `xml:"Code"`
		Description string `xml:"Description"`
	} `xml:"PaymentMethod"`
	OutCurrLabel string `xml:"OutCurrLabel"`
	OutSum       string `xml:"OutSum"`
	OpKey        string `xml:"OpKey,omitempty"`
}

type rkUserFieldsXML struct {
	Fields []rkFieldXML `xml:"Field"`
}

type rkFieldXML struct {
	Name  string `xml:"Name"`
	Value string `xml:"Value"`
}

// rkDateLayout is the XML interface's date: seven fractional digits and the
// offset ("2019-11-13T10:21:22.0500029+03:00", https://docs.robokassa.ru/xml-interfaces).
const rkDateLayout = "2006-01-02T15:04:05.0000000-07:00"

// rkMaskedCard is the masked card the sandbox reports as IncAccount.
const rkMaskedCard = "411111******1111"

// Result codes and descriptions of the sandbox's XML answers
// (https://docs.robokassa.ru/xml-interfaces).
var rkResultText = map[robokassa.ResultCode]string{
	robokassa.ResultBadSignature: "Неверная подпись запроса / Invalid request signature",
	robokassa.ResultShopNotFound: "Магазин не найден / Shop not found",
	robokassa.ResultNotFound:     "Операция не найдена / Operation not found",
}

func rkWriteXML(w http.ResponseWriter, v any) {
	b, err := xml.Marshal(v)
	if err != nil {
		http.Error(w, "sandbox: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	_, _ = w.Write([]byte(xml.Header))
	_, _ = w.Write(b)
}

func rkOpStateError(w http.ResponseWriter, code robokassa.ResultCode) {
	rkWriteXML(w, rkOpStateXML{NS: rkXMLNS, Result: rkResultXML{Code: int(code), Description: rkResultText[code]}})
}

// opStateExt answers OpStateExt (GET query or POST form): MerchantLogin,
// InvoiceID and Signature = H(MerchantLogin:InvoiceID:Password2), checked
// in constant time in either hex case. Result code 2 is an unknown shop,
// 1 a bad signature, 3 an unknown invoice.
func (rk *robokassaSide) opStateExt(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		rkOpStateError(w, robokassa.ResultNotFound)
		return
	}
	login, id, sig := r.Form.Get("MerchantLogin"), r.Form.Get("InvoiceID"), r.Form.Get("Signature")
	if login != rk.shop.MerchantLogin {
		rkOpStateError(w, robokassa.ResultShopNotFound)
		return
	}
	want := rk.shop.Algorithm.Sign(login + ":" + id + ":" + rk.shop.Password2)
	if subtle.ConstantTimeCompare([]byte(want), []byte(strings.ToUpper(sig))) != 1 {
		rkOpStateError(w, robokassa.ResultBadSignature)
		return
	}
	inv, err := strconv.ParseInt(id, 10, 64)
	rk.mu.Lock()
	rk.expireHolds()
	p, ok := rk.payments[inv]
	if err != nil || !ok {
		rk.mu.Unlock()
		rkOpStateError(w, robokassa.ResultNotFound)
		return
	}
	out := rkOpStateXML{
		XSD: "http://www.w3.org/2001/XMLSchema", XSI: "http://www.w3.org/2001/XMLSchema-instance", NS: rkXMLNS,
		State: &rkStateXML{Code: p.state, RequestDate: rk.now().Format(rkDateLayout), StateDate: p.stateDate.Format(rkDateLayout)},
		Info: &rkInfoXML{
			Type: "OperationInfoExt", IncCurrLabel: p.incCurr, IncSum: p.outSum.StringFixed(6),
			OutCurrLabel: "BNR", OutSum: p.outSum.StringFixed(6), OpKey: p.opKey,
		},
	}
	if out.Info.IncCurrLabel == "" {
		out.Info.IncCurrLabel = "BankCardPSR"
	}
	if p.state != robokassa.StateInitiated && p.state != robokassa.StateCanceled {
		out.Info.IncAccount = rkMaskedCard
		out.Info.PaymentMethod.Code, out.Info.PaymentMethod.Description = "BankCard", "Банковская карта"
	}
	if len(p.shp) > 0 {
		out.UserField = &rkUserFieldsXML{}
		for _, f := range p.shp {
			out.UserField.Fields = append(out.UserField.Fields, rkFieldXML{f.name, f.value})
		}
	}
	rk.mu.Unlock()
	rkWriteXML(w, out)
}

type rkCurrenciesXML struct {
	XMLName xml.Name     `xml:"CurrenciesList"`
	NS      string       `xml:"xmlns,attr"`
	Result  rkResultXML  `xml:"Result"`
	Groups  []rkGroupXML `xml:"Groups>Group"`
}

type rkGroupXML struct {
	Code        string          `xml:"Code,attr"`
	Description string          `xml:"Description,attr"`
	Items       []rkCurrencyXML `xml:"Items>Currency"`
}

type rkCurrencyXML struct {
	Label    string `xml:"Label,attr"`
	Alias    string `xml:"Alias,attr"`
	Name     string `xml:"Name,attr"`
	MinValue string `xml:"MinValue,attr,omitempty"`
	MaxValue string `xml:"MaxValue,attr,omitempty"`
}

// rkMethods are the sandbox shop's payment methods: code, Russian and
// English names, label, limits.
var rkMethods = []struct{ code, ru, en, label, min, max string }{
	{"BankCard", "Банковская карта", "Bank card", "BankCardPSR", "1", "600000"},
	{"SBP", "Система быстрых платежей", "Faster Payments System", "SBPPSR", "1", "1000000"},
}

// getCurrencies answers GetCurrencies with a fixed list, in Russian or
// (Language=en) English. It needs no signature (https://docs.robokassa.ru/xml-interfaces).
func (rk *robokassaSide) getCurrencies(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	out := rkCurrenciesXML{NS: rkXMLNS}
	if r.Form.Get("MerchantLogin") != rk.shop.MerchantLogin {
		out.Result = rkResultXML{Code: int(robokassa.ResultShopNotFound), Description: rkResultText[robokassa.ResultShopNotFound]}
		rkWriteXML(w, out)
		return
	}
	en := r.Form.Get("Language") == "en"
	for _, m := range rkMethods {
		name := m.ru
		if en {
			name = m.en
		}
		out.Groups = append(out.Groups, rkGroupXML{Code: m.code, Description: name,
			Items: []rkCurrencyXML{{Label: m.label, Alias: m.code, Name: name, MinValue: m.min, MaxValue: m.max}}})
	}
	rkWriteXML(w, out)
}

type rkMethodsXML struct {
	XMLName xml.Name      `xml:"PaymentMethodsList"`
	NS      string        `xml:"xmlns,attr"`
	Result  rkResultXML   `xml:"Result"`
	Methods []rkMethodXML `xml:"Methods>Method"`
}

type rkMethodXML struct {
	Code        string `xml:"Code,attr"`
	Description string `xml:"Description,attr"`
}

// getPaymentMethods answers GetPaymentMethods with the same fixed list.
func (rk *robokassaSide) getPaymentMethods(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	out := rkMethodsXML{NS: rkXMLNS}
	if r.Form.Get("MerchantLogin") != rk.shop.MerchantLogin {
		out.Result = rkResultXML{Code: int(robokassa.ResultShopNotFound), Description: rkResultText[robokassa.ResultShopNotFound]}
		rkWriteXML(w, out)
		return
	}
	for _, m := range rkMethods {
		d := m.ru
		if r.Form.Get("Language") == "en" {
			d = m.en
		}
		out.Methods = append(out.Methods, rkMethodXML{m.code, d})
	}
	rkWriteXML(w, out)
}
