package sandbox

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// The sandbox's cash desk, as its fiscal receipt notifications name it:
// test-range fiscal drive and registration numbers, never a real desk's.
const (
	tbFnNumber     = "9999078900000001"
	tbEcrRegNumber = "0000000001000001"
	tbOfd          = "Sandbox OFD"
	tbReceiptType  = "Income" // признак расчета: приход (a sale)
)

// tbMoscow is the time zone of the cash desk's ReceiptDatetime.
var tbMoscow = time.FixedZone("MSK", 3*60*60)

// receiptNotice builds the fiscalisation notification T-Bank sends once
// the online cash desk has registered the receipt of a payment that
// carried one («Уведомления об операциях», NotificationFiscalization,
// https://www.tbank.ru/kassa/dev/payments/ /v2/Notification): Status
// RECEIPT, the payment's TerminalKey, OrderId, PaymentId and the
// confirmed Amount, the cash desk's FiscalNumber (the receipt in the
// shift), ShiftNumber, ReceiptDatetime, FnNumber, EcrRegNumber,
// FiscalDocumentNumber, FiscalDocumentAttribute, Type, Ofd, Url (the
// payment's sandbox page, which shows the receipt) and the Receipt object
// as Init sent it. Token covers the root scalars, the Receipt object left
// out, as in every notification. It returns nil when p carried no
// receipt or has no NotificationURL. QrCodeUrl is left out: the sandbox
// draws no QR codes. b.mu must be held.
func (b *tbankSide) receiptNotice(p *tbPayment, amount int64) *tbNotification {
	if p.receipt == nil || p.notificationURL == "" {
		return nil
	}
	seq := p.id - 7003551233 // the sandbox's payments are numbered from 7003551234
	now := b.s.opts.Now().In(tbMoscow)
	fields := map[string]any{
		"TerminalKey":             b.t.TerminalKey,
		"OrderId":                 p.order,
		"Success":                 true,
		"Status":                  "RECEIPT",
		"PaymentId":               json.Number(strconv.FormatInt(p.id, 10)),
		"ErrorCode":               "0",
		"Amount":                  json.Number(strconv.FormatInt(amount, 10)),
		"FiscalNumber":            json.Number(strconv.FormatInt(seq, 10)),
		"ShiftNumber":             json.Number(strconv.Itoa(now.YearDay())),
		"ReceiptDatetime":         now.Format(time.RFC3339),
		"FnNumber":                tbFnNumber,
		"EcrRegNumber":            tbEcrRegNumber,
		"FiscalDocumentNumber":    json.Number(strconv.FormatInt(1000+seq, 10)),
		"FiscalDocumentAttribute": json.Number(strconv.FormatUint(uint64(tbFiscalSign(p.id, amount)), 10)),
		"Type":                    tbReceiptType,
		"Ofd":                     tbOfd,
		"Receipt":                 p.receipt, // an object: never signed
	}
	if base := b.s.URL(); base != "" {
		fields["Url"] = base + tbPagePath + p.key
	}
	body, err := b.signedBody(fields)
	if err != nil {
		b.s.logf("tbank payment %d: cannot encode the receipt notification: %v", p.id, err)
		return nil
	}
	return &tbNotification{
		name:   fmt.Sprintf("tbank receipt notification (payment %d, order %q, RECEIPT)", p.id, p.order),
		target: p.notificationURL,
		body:   body,
	}
}

// tbFiscalSign is the receipt's fiscal sign (ФП, FiscalDocumentAttribute):
// a 10-digit number, stable for a payment and amount.
func tbFiscalSign(id, amount int64) uint32 {
	sum := sha256.Sum256(fmt.Appendf(nil, "%d/%d", id, amount))
	return 1_000_000_000 + binary.BigEndian.Uint32(sum[:4])%3_000_000_000
}

// sendAfter delivers n, with retries of its own, once first is closed
// (the first attempt at the notification before it has ended); nothing
// when the server closes first.
func (b *tbankSide) sendAfter(first <-chan struct{}, n *tbNotification) {
	b.s.background(func() {
		select {
		case <-first:
		case <-b.s.ctx.Done():
			return
		}
		b.s.notify(n.delivery())
	})
}
