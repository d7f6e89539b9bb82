package conformance_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
	"github.com/paykit/payments/conformance"
)

func TestHeaderSignature(t *testing.T) {
	t.Parallel()
	amount := payments.MustParseMoney("110.00", payments.RUB)
	edit := conformance.HeaderSignature("Acme-Signature", conformance.JSONEditor("", "amount"))
	const body = `{"amount":"10.00","id":"evt_1"}`
	tests := []struct {
		name     string
		sig      []string // values of the signature header on the delivery
		edit     conformance.WebhookEdit
		wantBody string
		wantSig  []string
		wantErr  bool
	}{
		{name: "amount edits the body and keeps the signature", sig: []string{"abc"},
			edit: conformance.WebhookEdit{Amount: &amount}, wantBody: `{"amount":"110.00","id":"evt_1"}`, wantSig: []string{"abc"}},
		{name: "drop removes the header", sig: []string{"abc"},
			edit: conformance.WebhookEdit{DropSignature: true}, wantBody: body},
		{name: "drop removes every value", sig: []string{"abc", "def"},
			edit: conformance.WebhookEdit{DropSignature: true}, wantBody: body},
		{name: "garble replaces the header", sig: []string{"abc"},
			edit: conformance.WebhookEdit{GarbleSignature: true}, wantBody: body, wantSig: []string{conformance.GarbledSignature}},
		{name: "amount and drop together", sig: []string{"abc"},
			edit: conformance.WebhookEdit{Amount: &amount, DropSignature: true}, wantBody: `{"amount":"110.00","id":"evt_1"}`},
		{name: "drop without the header", edit: conformance.WebhookEdit{DropSignature: true}, wantErr: true},
		{name: "garble without the header", edit: conformance.WebhookEdit{GarbleSignature: true}, wantErr: true},
		{name: "garble an empty header", sig: []string{""}, edit: conformance.WebhookEdit{GarbleSignature: true},
			wantBody: body, wantSig: []string{conformance.GarbledSignature}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest(http.MethodPost, "/webhooks", strings.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			for _, v := range tt.sig {
				r.Header.Add("acme-signature", v)
			}
			out, err := edit(t, r, tt.edit)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("edit %s of a delivery with signature header %q succeeded, want an error", tt.edit, tt.sig)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := readAll(t, out)
			if diff := cmp.Diff(tt.wantBody, got); diff != "" {
				t.Errorf("edited body (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantSig, out.Header.Values("Acme-Signature")); diff != "" {
				t.Errorf("edited signature header (-want +got):\n%s", diff)
			}
			if out.ContentLength != int64(len(got)) || out.Header.Get("Content-Type") != "application/json" {
				t.Errorf("edited request has length %d and type %q, want %d and the original's", out.ContentLength, out.Header.Get("Content-Type"), len(got))
			}
			if diff := cmp.Diff(tt.sig, r.Header.Values("Acme-Signature")); diff != "" {
				t.Errorf("the original delivery's signature header changed (-want +got):\n%s", diff)
			}
		})
	}
}

// The body editor's errors reach the caller, and it is never asked to
// touch the signature, which is not in the body.
func TestHeaderSignatureBodyEditor(t *testing.T) {
	t.Parallel()
	amount := payments.MustParseMoney("110.00", payments.RUB)
	var seen []conformance.WebhookEdit
	spy := func(_ *testing.T, r *http.Request, e conformance.WebhookEdit) (*http.Request, error) {
		seen = append(seen, e)
		return r, nil
	}
	newReq := func(body string) *http.Request {
		r := httptest.NewRequest(http.MethodPost, "/webhooks", strings.NewReader(body))
		r.Header.Set("Acme-Signature", "abc")
		return r
	}
	edit := conformance.HeaderSignature("Acme-Signature", spy)
	for _, e := range []conformance.WebhookEdit{{Amount: &amount}, {DropSignature: true}, {GarbleSignature: true}, {Amount: &amount, GarbleSignature: true}} {
		if _, err := edit(t, newReq(`{}`), e); err != nil {
			t.Fatalf("edit %s: %v", e, err)
		}
	}
	if diff := cmp.Diff([]string{"{amount=110.00}", "{amount=110.00}"}, editStrings(seen)); diff != "" {
		t.Errorf("edits handed to the body editor (-want +got):\n%s", diff)
	}

	_, err := conformance.HeaderSignature("Acme-Signature", conformance.JSONEditor("", "amount"))(t, newReq(`{"sum":"10.00"}`), conformance.WebhookEdit{Amount: &amount})
	if err == nil {
		t.Error("an amount edit of a body without the amount succeeded, want the body editor's error")
	}
	r := newReq("")
	r.Body = errReaderCloser{}
	_, err = conformance.HeaderSignature("Acme-Signature", conformance.JSONEditor("", "amount"))(t, r, conformance.WebhookEdit{Amount: &amount})
	if !errors.Is(err, errBroken) {
		t.Errorf("error %v, want the body's read error", err)
	}
	if _, err := conformance.HeaderSignature("Acme-Signature", nil)(t, newReq(`{}`), conformance.WebhookEdit{Amount: &amount}); err == nil {
		t.Error("an amount edit without a body editor succeeded, want an error")
	}
}

func editStrings(es []conformance.WebhookEdit) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.String())
	}
	return out
}

type errReaderCloser struct{ errReader }

func (errReaderCloser) Close() error { return nil }
