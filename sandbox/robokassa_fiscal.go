package sandbox

import (
	"bytes"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/paykit/payments/robokassa"
)

// Receipts after payment (https://docs.robokassa.ru/second-check): the
// shop sends the final ("second") 54-FZ receipt of a paid operation to
// RoboFiscal/Receipt/Attach and reads its state from Receipt/Status. Both
// bodies are the bare text base64url(JSON) "." base64url(hex(H(base64url(
// JSON) + Password1))), without padding, H the shop's algorithm in lower
// case hex (robokassa/sdk-php ReceiptService.php). An operation has at
// most two receipts: the first, sent with the payment, and the second.

// RobokassaReceiptKind says which receipt of a payment a RobokassaReceipt
// is.
type RobokassaReceiptKind string

const (
	// RobokassaReceiptFirst is the receipt sent with the payment request
	// (the Receipt parameter), or the changed one sent with its capture.
	RobokassaReceiptFirst RobokassaReceiptKind = "first"
	// RobokassaReceiptSecond is the receipt sent after the payment to
	// RoboFiscal/Receipt/Attach.
	RobokassaReceiptSecond RobokassaReceiptKind = "second"
)

// RobokassaReceipt is a fiscal receipt the sandbox received for a payment.
type RobokassaReceipt struct {
	// Kind is first or second.
	Kind RobokassaReceiptKind
	// ID is the second receipt's own number (Attach's "id"); empty for the
	// first.
	ID string
	// JSON is the receipt as received (URL-decoded once for the first).
	JSON string
}

// rkFiscalMaxReceipts is the most receipts one operation takes (the docs:
// "не более 2 чеков на одну операцию").
const rkFiscalMaxReceipts = 2

// rkSecondReceipt is the part of an Attach body the sandbox checks.
type rkSecondReceipt struct {
	MerchantID string `json:"merchantId"`
	ID         string `json:"id"`
	OriginID   string `json:"originId"`
	Operation  string `json:"operation"`
	Items      []struct {
		Name          string `json:"name"`
		PaymentMethod string `json:"payment_method"`
	} `json:"items"`
}

// errFiscalSignature is a body whose signature part does not match.
var errFiscalSignature = errors.New("bad signature")

// rkParseFiscal splits and checks a RoboFiscal body with password: it
// returns the JSON, errFiscalSignature for a well-formed body with a wrong
// signature, or another error for a body that is not of the documented
// shape (padding, the standard alphabet, more parts, JSON that is not an
// object).
func rkParseFiscal(body []byte, alg robokassa.Algorithm, password string) ([]byte, error) {
	b64, sig, ok := bytes.Cut(bytes.TrimSpace(body), []byte("."))
	if !ok || len(b64) == 0 || bytes.IndexByte(sig, '.') >= 0 {
		return nil, errors.New("not two dot-separated parts")
	}
	if !rkBase64URL(b64) || !rkBase64URL(sig) {
		// encoding/base64 skips CR and LF; RoboFiscal's alphabet has none.
		return nil, errors.New("a part has a byte outside base64url")
	}
	js, err := base64.RawURLEncoding.DecodeString(string(b64))
	if err != nil {
		return nil, errors.New("the receipt is not base64url without padding")
	}
	got, err := base64.RawURLEncoding.DecodeString(string(sig))
	if err != nil {
		return nil, errors.New("the signature is not base64url without padding")
	}
	want := strings.ToLower(alg.Sign(string(b64) + password))
	if subtle.ConstantTimeCompare([]byte(want), got) != 1 {
		return nil, errFiscalSignature
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(js, &obj); err != nil {
		return nil, errors.New("the receipt is not a JSON object")
	}
	return js, nil
}

// rkBase64URL reports whether b is all base64url alphabet, no padding.
func rkBase64URL(b []byte) bool {
	for _, c := range b {
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// fiscalBody reads and checks a RoboFiscal request, or answers it with
// the refusal in the named code field ("ResultCode" or "Code") and returns
// nil.
func (rk *robokassaSide) fiscalBody(w http.ResponseWriter, r *http.Request, codeField, textField string) []byte {
	body, err := io.ReadAll(r.Body)
	if err == nil {
		body, err = rkParseFiscal(body, rk.shop.Algorithm, rk.shop.Password1)
	}
	switch {
	case errors.Is(err, errFiscalSignature):
		// 1001: a wrong signature (igor-netFantom/robokassa-api's recorded
		// answers).
		rkFiscalReply(w, codeField, textField, "1001", "Invalid signature")
		return nil
	case err != nil:
		rk.s.logf("robokassa: %s: %v", r.URL.Path, err)
		rkFiscalReply(w, codeField, textField, "1000", "The request cannot be read: "+err.Error())
		return nil
	}
	return body
}

func rkFiscalReply(w http.ResponseWriter, codeField, textField, code, text string) {
	rkWriteJSON(w, http.StatusOK, map[string]string{codeField: code, textField: text})
}

// receiptAttach serves RoboFiscal/Receipt/Attach: it records the second
// receipt of the paid payment originId under its own id and answers
// {"ResultCode":"0","ResultDescription":"ok"}. Refusals have ResultCode
// 1001 (signature) or 1000 with the reason.
func (rk *robokassaSide) receiptAttach(w http.ResponseWriter, r *http.Request) {
	body := rk.fiscalBody(w, r, "ResultCode", "ResultDescription")
	if body == nil {
		return
	}
	var rc rkSecondReceipt
	_ = json.Unmarshal(body, &rc) // an object, checked by rkParseFiscal
	origin, errOrigin := strconv.ParseInt(rc.OriginID, 10, 64)
	_, errID := strconv.ParseInt(rc.ID, 10, 64)
	why := ""
	rk.mu.Lock()
	p := rk.payments[origin]
	switch {
	case rc.MerchantID != rk.shop.MerchantLogin:
		why = "Exception of type 'Robox.Merchant.Util.Exceptions.MerchantNotFoundException' was thrown."
	case errOrigin != nil || errID != nil || rc.ID == rc.OriginID:
		why = "id and originId must be different numbers"
	case len(rc.Items) == 0:
		why = "items are missing"
	case p == nil || p.state != robokassa.StatePaid || p.isTest:
		why = "originId " + rc.OriginID + " is not a paid operation"
	case len(p.receipts) >= rkFiscalMaxReceipts || rk.hasSecond(p):
		why = "the operation already has " + strconv.Itoa(len(p.receipts)) + " receipts"
	case rk.receiptByID(rc.ID) != nil:
		why = "a receipt with id " + rc.ID + " exists"
	}
	for _, it := range rc.Items {
		if why == "" && it.PaymentMethod != "full_payment" {
			why = "payment_method of " + strconv.Quote(it.Name) + " must be full_payment"
		}
	}
	if why == "" {
		p.receipts = append(p.receipts, RobokassaReceipt{Kind: RobokassaReceiptSecond, ID: rc.ID, JSON: string(body)})
	}
	rk.mu.Unlock()
	if why != "" {
		rk.s.logf("robokassa: Receipt/Attach refused: %s", why)
		rkFiscalReply(w, "ResultCode", "ResultDescription", "1000", why)
		return
	}
	rk.s.logf("robokassa: InvId %d: second receipt %s attached", origin, rc.ID)
	rkFiscalReply(w, "ResultCode", "ResultDescription", "0", "ok")
}

// hasSecond reports whether p has a second receipt. rk.mu must be held.
func (rk *robokassaSide) hasSecond(p *rkPayment) bool {
	for _, r := range p.receipts {
		if r.Kind == RobokassaReceiptSecond {
			return true
		}
	}
	return false
}

// receiptByID returns the second receipt numbered id. rk.mu must be held.
func (rk *robokassaSide) receiptByID(id string) *RobokassaReceipt {
	for _, p := range rk.payments {
		for i, r := range p.receipts {
			if r.Kind == RobokassaReceiptSecond && r.ID == id {
				return &p.receipts[i]
			}
		}
	}
	return nil
}

// rkReceiptStatusReply is Receipt/Status's answer, in the docs' order.
type rkReceiptStatusReply struct {
	Code                    string  `json:"Code"`
	Description             string  `json:"Description"`
	FnNumber                string  `json:"FnNumber"`
	FiscalDocumentNumber    string  `json:"FiscalDocumentNumber"`
	FiscalDocumentAttribute string  `json:"FiscalDocumentAttribute"`
	FiscalDate              *string `json:"FiscalDate"`
	FiscalType              *string `json:"FiscalType"`
}

// receiptStatus serves RoboFiscal/Receipt/Status over
// {"merchantId":"…","id":"…"}: a second receipt the sandbox took is
// registered at once ({"Code":"2","Description":"Done",…}). The docs leave
// open whether id is the receipt's own id or the payment's InvId; the
// sandbox takes either. Unknown ids answer
// {"Code":"1000","Description":"Error","Statuses":null}.
func (rk *robokassaSide) receiptStatus(w http.ResponseWriter, r *http.Request) {
	body := rk.fiscalBody(w, r, "Code", "Description")
	if body == nil {
		return
	}
	var q struct {
		MerchantID string `json:"merchantId"`
		ID         string `json:"id"`
	}
	_ = json.Unmarshal(body, &q)
	rk.mu.Lock()
	rc := rk.receiptByID(q.ID)
	if n, err := strconv.ParseInt(q.ID, 10, 64); rc == nil && err == nil {
		if p := rk.payments[n]; p != nil {
			for i := range p.receipts {
				if p.receipts[i].Kind == RobokassaReceiptSecond {
					rc = &p.receipts[i]
				}
			}
		}
	}
	found := rc != nil && q.MerchantID == rk.shop.MerchantLogin
	id := ""
	if found {
		id = rc.ID
	}
	rk.mu.Unlock()
	if !found {
		rkWriteJSON(w, http.StatusOK, map[string]any{"Code": "1000", "Description": "Error", "Statuses": nil})
		return
	}
	n, _ := strconv.ParseInt(id, 10, 64)
	rkWriteJSON(w, http.StatusOK, rkReceiptStatusReply{
		Code: "2", Description: "Done", FnNumber: "9999078900000001",
		FiscalDocumentNumber: strconv.FormatInt(n%1000000, 10), FiscalDocumentAttribute: strconv.FormatInt(1000000000+n%1000000000, 10),
	})
}
