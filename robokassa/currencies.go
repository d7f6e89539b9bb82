package robokassa

import (
	"context"
	"encoding/xml"
	"net/url"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
	"github.com/shopspring/decimal"
)

// CurrencyGroup is a group of payment methods from GetCurrencies, such as
// bank cards (https://docs.robokassa.ru/xml-interfaces).
type CurrencyGroup struct {
	// Code of the group, such as "BankCard".
	Code string
	// Description of the group, in the asked language.
	Description string
	// Items are the group's payment methods.
	Items []CurrencyItem
}

// CurrencyItem is one payment method of a CurrencyGroup. Its Label is what
// Link.IncCurrLabel takes.
type CurrencyItem struct {
	// Label identifies the method, such as "BankCardPSR".
	Label string
	// Alias is the method's alias, such as "BankCard".
	Alias string
	// Name is the method's name, in the asked language.
	Name string
	// MinValue and MaxValue are the method's payment limits, when given.
	MinValue decimal.NullDecimal
	// MaxValue is the largest payment the method takes, when given.
	MaxValue decimal.NullDecimal
}

type currenciesXML struct {
	XMLName xml.Name  `xml:"CurrenciesList"`
	Result  xmlResult `xml:"Result"`
	Groups  []struct {
		Code        string `xml:"Code,attr"`
		Description string `xml:"Description,attr"`
		Items       []struct {
			Label    string `xml:"Label,attr"`
			Alias    string `xml:"Alias,attr"`
			Name     string `xml:"Name,attr"`
			MinValue string `xml:"MinValue,attr"`
			MaxValue string `xml:"MaxValue,attr"`
		} `xml:"Items>Currency"`
	} `xml:"Groups>Group"`
}

func (r *currenciesXML) result() xmlResult { return r.Result }

// Currencies lists the payment methods available to the shop through
// GetCurrencies (no signature), with names in language ("ru" or "en";
// empty means Config.Culture, else "ru").
func (p *Provider) Currencies(ctx context.Context, language string) ([]CurrencyGroup, error) {
	const op = OpGetCurrencies
	var x currenciesXML
	if err := p.getXML(ctx, "GetCurrencies", p.languageQuery(language), providerkit.Read(op), &x); err != nil {
		return nil, err
	}
	groups := make([]CurrencyGroup, len(x.Groups))
	for i, g := range x.Groups {
		groups[i] = CurrencyGroup{Code: g.Code, Description: g.Description, Items: make([]CurrencyItem, len(g.Items))}
		for j, it := range g.Items {
			min, err := nullDecimal(it.MinValue)
			if err != nil {
				return nil, newError(op, payments.ErrProtocol, "", "GetCurrencies MinValue "+quote(it.MinValue)+" is not a number")
			}
			max, err := nullDecimal(it.MaxValue)
			if err != nil {
				return nil, newError(op, payments.ErrProtocol, "", "GetCurrencies MaxValue "+quote(it.MaxValue)+" is not a number")
			}
			groups[i].Items[j] = CurrencyItem{Label: it.Label, Alias: it.Alias, Name: it.Name, MinValue: min, MaxValue: max}
		}
	}
	return groups, nil
}

func nullDecimal(s string) (decimal.NullDecimal, error) {
	if s == "" {
		return decimal.NullDecimal{}, nil
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.NullDecimal{}, err
	}
	return decimal.NullDecimal{Decimal: d, Valid: true}, nil
}

func (p *Provider) languageQuery(language string) url.Values {
	if language == "" {
		language = p.cfg.Culture
	}
	if language == "" {
		language = "ru"
	}
	return url.Values{"MerchantLogin": {p.cfg.MerchantLogin}, "Language": {language}}
}

// PaymentMethod is a payment method group from GetPaymentMethods.
type PaymentMethod struct {
	// Code of the method, such as "BankCard".
	Code string
	// Description of the method, in the asked language.
	Description string
}

type paymentMethodsXML struct {
	XMLName xml.Name  `xml:"PaymentMethodsList"`
	Result  xmlResult `xml:"Result"`
	Methods []struct {
		Code        string `xml:"Code,attr"`
		Description string `xml:"Description,attr"`
	} `xml:"Methods>Method"`
}

func (r *paymentMethodsXML) result() xmlResult { return r.Result }

// PaymentMethods lists the shop's payment method groups through
// GetPaymentMethods (no signature; robokassa/sdk-php
// WebService::getPaymentMethods), in language as for Currencies.
func (p *Provider) PaymentMethods(ctx context.Context, language string) ([]PaymentMethod, error) {
	const op = OpPaymentMethods
	var x paymentMethodsXML
	if err := p.getXML(ctx, "GetPaymentMethods", p.languageQuery(language), providerkit.Read(op), &x); err != nil {
		return nil, err
	}
	out := make([]PaymentMethod, len(x.Methods))
	for i, m := range x.Methods {
		out[i] = PaymentMethod{Code: m.Code, Description: m.Description}
	}
	return out, nil
}
