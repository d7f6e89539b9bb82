package robokassa

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
	"github.com/shopspring/decimal"
)

// Split is a split payment through CreateV2: one buyer payment shared
// between the master shop and other shops (https://docs.robokassa.ru/split-payments).
type Split struct {
	// Amount is the whole payment (outAmount), in the shop's currency.
	Amount payments.Money
	// MasterID is the master shop's id; empty means Config.MerchantLogin.
	MasterID string
	// Comment describes the order (merchant.comment); at most
	// MaxDescription characters.
	Comment string
	// ShopParams are the shop's own parameters (shop_params), the split
	// payment's Shp_ parameters: as for Link.Shp, names and values must not
	// contain ':' or '='.
	ShopParams []ShopParam
	// Email is the buyer's e-mail.
	Email string
	// IncCurr suggests a payment method, such as "BankCard".
	IncCurr string
	// Language is the page's language.
	Language string
	// IsTest makes a test payment, signed with TestPassword1.
	IsTest bool
	// ExpirationDate is when the payment link expires; zero for the
	// default.
	ExpirationDate time.Time
	// Merchants are the shops that get a share; their amounts add up to
	// Amount.
	Merchants []SplitMerchant
}

// ShopParam is one of a split payment's shop parameters.
type ShopParam struct {
	// Name of the parameter.
	Name string
	// Value of the parameter.
	Value string
}

// SplitMerchant is one shop's share of a split payment.
type SplitMerchant struct {
	// ID is the shop's id. Required.
	ID string
	// InvoiceID is the shop's invoice number; 0 lets Robokassa assign one.
	InvoiceID int64
	// Amount is the shop's share, zero or positive, in the payment's
	// currency.
	Amount decimal.Decimal
	// Receipt is the shop's fiscal receipt, if any.
	Receipt *Receipt
}

type splitJSON struct {
	OutAmount      jsonNumber          `json:"outAmount"`
	ShopParams     []shopParamJSON     `json:"shop_params,omitempty"`
	Email          string              `json:"email,omitempty"`
	IncCurr        string              `json:"incCurr,omitempty"`
	Language       string              `json:"language,omitempty"`
	IsTest         bool                `json:"isTest"`
	ExpirationDate string              `json:"expirationDate,omitempty"`
	Merchant       splitMasterJSON     `json:"merchant"`
	SplitMerchants []splitMerchantJSON `json:"splitMerchants"`
}

type shopParamJSON struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type splitMasterJSON struct {
	ID      string `json:"id"`
	Comment string `json:"comment,omitempty"`
}

type splitMerchantJSON struct {
	ID        string       `json:"id"`
	InvoiceID int64        `json:"InvoiceId,omitempty"`
	Amount    jsonNumber   `json:"amount"`
	Receipt   *receiptJSON `json:"receipt,omitempty"`
}

// splitExpirationLayout is the docs sample's form, "2024-08-23T12:53Z",
// in UTC.
const splitExpirationLayout = "2006-01-02T15:04Z07:00"

// SplitInvoice validates s and returns its Invoice JSON and signature: the
// hex (lower case, as aiorobokassa sends) of H(Invoice + Password1),
// concatenated without a separator as the documentation reads
// ("InvoiceПароль#1"; https://docs.robokassa.ru/split-payments). The master shop's
// Password1 is Config.Password1 (TestPassword1 for a test payment).
func (p *Provider) SplitInvoice(s *Split) (invoice, signature string, err error) {
	const op = OpSplitLink
	if s == nil {
		return "", "", invalidf(op, "nil split")
	}
	switch {
	case s.Amount.Currency != p.cfg.Currency:
		return "", "", invalidf(op, "split in %q; the shop's currency is %s", string(s.Amount.Currency), p.cfg.Currency)
	case !s.Amount.Amount.IsPositive() || !s.Amount.Amount.Equal(s.Amount.Amount.Truncate(2)):
		return "", "", invalidf(op, "amount must be positive with at most two decimals")
	case !utf8.ValidString(s.Comment) || hasControl(s.Comment) || utf8.RuneCountInString(s.Comment) > MaxDescription:
		return "", "", invalidf(op, "comment must be printable text of at most %d characters", MaxDescription)
	case len(s.Merchants) == 0:
		return "", "", invalidf(op, "a split payment needs at least one merchant")
	case s.IsTest && p.cfg.TestPassword1 == "":
		return "", "", invalidf(op, "a test payment needs Config.TestPassword1")
	case s.Email != "" && (!strings.Contains(s.Email, "@") || hasSpaceOrControl(s.Email)):
		return "", "", invalidf(op, "e-mail %q is not an address", s.Email)
	}
	v := splitJSON{
		OutAmount: jsonNumber(s.Amount.Amount), Email: s.Email, IncCurr: s.IncCurr, Language: s.Language,
		IsTest:   s.IsTest,
		Merchant: splitMasterJSON{ID: s.MasterID, Comment: s.Comment},
	}
	if v.Merchant.ID == "" {
		v.Merchant.ID = p.cfg.MerchantLogin
	}
	if !s.ExpirationDate.IsZero() {
		v.ExpirationDate = s.ExpirationDate.UTC().Format(splitExpirationLayout)
	}
	for _, sp := range s.ShopParams {
		if sp.Name == "" {
			return "", "", invalidf(op, "shop parameter without a name")
		}
		if ambiguousShp(sp.Name) || ambiguousShp(sp.Value) {
			return "", "", invalidf(op, "shop parameter %q must not contain ':' or '=' in its name or value, as Shp_ parameters", sp.Name)
		}
		v.ShopParams = append(v.ShopParams, shopParamJSON(sp))
	}
	var total decimal.Decimal
	for i, m := range s.Merchants {
		switch {
		case m.ID == "" || hasSpaceOrControl(m.ID):
			return "", "", invalidf(op, "split merchant %d has no id", i+1)
		case m.Amount.IsNegative() || !m.Amount.Equal(m.Amount.Truncate(2)):
			return "", "", invalidf(op, "split merchant %d: amount must not be negative and has at most two decimals", i+1)
		case m.InvoiceID < 0:
			return "", "", invalidf(op, "split merchant %d: InvoiceId must be positive or 0", i+1)
		}
		total = total.Add(m.Amount)
		mj := splitMerchantJSON{ID: m.ID, InvoiceID: m.InvoiceID, Amount: jsonNumber(m.Amount)}
		if m.Receipt != nil {
			rj, err := m.Receipt.jsonValue()
			if err != nil {
				return "", "", providerkit.Stamp(Name, op, err)
			}
			if !m.Receipt.Total().Equal(m.Amount) {
				return "", "", invalidf(op, "split merchant %d: receipt adds up to %s, the share is %s", i+1, m.Receipt.Total().String(), m.Amount.String())
			}
			mj.Receipt = rj
		}
		v.SplitMerchants = append(v.SplitMerchants, mj)
	}
	if !total.Equal(s.Amount.Amount) {
		return "", "", invalidf(op, "split shares add up to %s, the amount is %s", total.String(), s.Amount.Amount.String())
	}
	b, err := compactJSON(v)
	if err != nil {
		return "", "", invalidf(op, "encoding: %v", err)
	}
	password := p.cfg.Password1
	if s.IsTest {
		password = p.cfg.TestPassword1
	}
	base := append(b[:len(b):len(b)], password...)
	sig := p.cfg.Algorithm.appendHex(nil, base, false)
	clear(base)
	return string(b), string(sig), nil
}

// SplitURL returns the GET link to CreateV2 with the Invoice JSON
// URL-encoded once (https://docs.robokassa.ru/split-payments).
func (p *Provider) SplitURL(s *Split) (string, error) {
	inv, sig, err := p.SplitInvoice(s)
	if err != nil {
		return "", err
	}
	return p.cfg.AuthURL + pathSplit + "?Invoice=" + url.QueryEscape(inv) + "&Signature=" + sig, nil
}

// SplitForm returns the split payment as a form to POST to CreateV2.
func (p *Provider) SplitForm(s *Split) (payments.NextStep, error) {
	inv, sig, err := p.SplitInvoice(s)
	if err != nil {
		return payments.NextStep{}, err
	}
	return payments.NextStep{
		Kind: payments.NextPostForm,
		URL:  p.cfg.AuthURL + pathSplit,
		Fields: []payments.Field{
			{Name: "Invoice", Value: inv},
			{Name: "Signature", Value: sig},
		},
	}, nil
}
