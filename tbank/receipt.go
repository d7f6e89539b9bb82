package tbank

import (
	"encoding/json"

	"github.com/paykit/payments"
)

// maxReceiptItems is the most lines a T-Bank receipt takes (changelog 71
// of «Прием платежей», https://www.tbank.ru/kassa/dev/payments/index.html).
const maxReceiptItems = 100

// taxes are the Tax values of receipt lines: the OAS list plus vat22 and
// vat122, Russia's 22% rate from 2026-01-01 as developer.tbank.ru lists
// them.
var taxes = map[string]bool{
	"none": true, "vat0": true, "vat5": true, "vat7": true, "vat10": true, "vat20": true, "vat22": true,
	"vat105": true, "vat107": true, "vat110": true, "vat120": true, "vat122": true,
}

// taxations are the Taxation values of a receipt.
var taxations = map[string]bool{"osn": true, "usn_income": true, "usn_income_outcome": true, "esn": true, "patent": true}

// receipt builds T-Bank's Receipt object (FFD 1.05 or 1.2, schemas
// Receipt_FFD_105 and Receipt_FFD_12) from r. Prices are unit prices in
// kopecks with Price × Quantity = Amount exactly; quantities are JSON
// numbers. Taxation is r.TaxSystem, or Config.Taxation when it is empty.
// In FFD 1.2 every line carries MeasurementUnit (tag 2108, required
// there): the line's own, or Config.MeasurementUnit; Items_FFD_105 has no
// such field, so FFD 1.05 receipts leave it out.
func (p *Provider) receipt(r *payments.Receipt) (map[string]any, error) {
	if r == nil {
		return nil, nil
	}
	taxation := r.TaxSystem
	if taxation == "" {
		taxation = p.taxation
	}
	switch {
	case !taxations[taxation]:
		return nil, payments.Errorf(payments.ErrInvalidRequest, "tbank: Receipt.TaxSystem (or Config.Taxation) must be one of osn, usn_income, usn_income_outcome, esn, patent")
	case r.Email == "" && r.Phone == "":
		return nil, payments.Errorf(payments.ErrInvalidRequest, "tbank: a receipt needs Email or Phone")
	case len(r.Items) == 0 || len(r.Items) > maxReceiptItems:
		return nil, payments.Errorf(payments.ErrInvalidRequest, "tbank: a receipt has 1 to 100 items")
	}
	items := make([]map[string]any, 0, len(r.Items))
	for i, it := range r.Items {
		it12 := p.ffd == "1.2"
		if !taxes[it.Tax] {
			return nil, payments.Errorf(payments.ErrInvalidRequest, "tbank: receipt item %d: unknown Tax %q", i, it.Tax)
		}
		if len([]rune(it.Name)) == 0 || len([]rune(it.Name)) > 128 {
			return nil, payments.Errorf(payments.ErrInvalidRequest, "tbank: receipt item %d: Name must have 1 to 128 characters", i)
		}
		if err := payments.ValidateMeasurementUnit(it.MeasurementUnit); err != nil {
			return nil, payments.Errorf(payments.ErrInvalidRequest, "tbank: receipt item %d: %w", i, err)
		}
		if it.NomenclatureCode != "" {
			return nil, payments.Errorf(payments.ErrInvalidRequest, "tbank: receipt item %d: marking codes are not supported", i)
		}
		price, err := it.UnitPrice()
		if err != nil {
			return nil, err
		}
		pk, ok1 := price.MinorUnits()
		ak, ok2 := it.Amount.MinorUnits()
		if !ok1 || !ok2 {
			return nil, payments.Errorf(payments.ErrInvalidRequest, "tbank: receipt item %d: amount out of range", i)
		}
		m := map[string]any{
			"Name": it.Name, "Price": pk, "Quantity": json.Number(it.Quantity.String()), "Amount": ak, "Tax": it.Tax,
		}
		pm, po := it.PaymentMethod, it.PaymentObject
		if it12 && pm == "" {
			pm = "full_payment"
		}
		if it12 && po == "" {
			po = "commodity"
		}
		if pm != "" {
			m["PaymentMethod"] = pm
		}
		if po != "" {
			m["PaymentObject"] = po
		}
		if it12 {
			unit := it.MeasurementUnit
			if unit == "" {
				unit = p.unit
			}
			m["MeasurementUnit"] = unit
		}
		items = append(items, m)
	}
	out := map[string]any{"Taxation": taxation, "Items": items}
	if r.Email != "" {
		out["Email"] = r.Email
	}
	if r.Phone != "" {
		out["Phone"] = r.Phone
	}
	if p.ffd == "1.2" {
		out["FfdVersion"] = "1.2"
	}
	return out, nil
}
