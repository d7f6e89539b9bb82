package conformance_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
	"github.com/paykit/payments/conformance"
)

func TestJSONEditor(t *testing.T) {
	t.Parallel()
	amount := payments.MustParseMoney("110.00", payments.RUB)
	edit := conformance.JSONEditor("Token", "Amount")
	tests := []struct {
		name    string
		body    string
		edit    conformance.WebhookEdit
		want    string
		wantErr bool
	}{
		{name: "amount number stays a number", body: `{"Amount":10.00,"Token":"abc"}`,
			edit: conformance.WebhookEdit{Amount: &amount}, want: `{"Amount":110.00,"Token":"abc"}`},
		{name: "amount string stays a string", body: `{"Amount":"10.00","Token":"abc"}`,
			edit: conformance.WebhookEdit{Amount: &amount}, want: `{"Amount":"110.00","Token":"abc"}`},
		{name: "drop signature", body: `{"Amount":1000,"Token":"abc","Nested":{"Token":"x"}}`,
			edit: conformance.WebhookEdit{DropSignature: true}, want: `{"Amount":1000,"Nested":{"Token":"x"}}`},
		{name: "garble signature", body: `{"Amount":1000,"Token":"abc"}`,
			edit: conformance.WebhookEdit{GarbleSignature: true}, want: `{"Amount":1000,"Token":"not-a-signature"}`},
		{name: "no amount key", body: `{"Sum":1000,"Token":"abc"}`, edit: conformance.WebhookEdit{Amount: &amount}, wantErr: true},
		{name: "no signature key", body: `{"Amount":1000}`, edit: conformance.WebhookEdit{DropSignature: true}, wantErr: true},
		{name: "a form, not JSON", body: `Amount=10.00&Token=abc`, edit: conformance.WebhookEdit{GarbleSignature: true}, wantErr: true},
		{name: "JSON null", body: `null`, edit: conformance.WebhookEdit{GarbleSignature: true}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest(http.MethodPost, "/notify", strings.NewReader(tt.body))
			r.Header.Set("Content-Type", "application/json")
			out, err := edit(t, r, tt.edit)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("edit %s of %s succeeded, want an error", tt.edit, tt.body)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := readAll(t, out)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("edited body (-want +got):\n%s", diff)
			}
			if out.ContentLength != int64(len(got)) || out.Header.Get("Content-Type") != "application/json" {
				t.Errorf("edited request has length %d and type %q, want %d and the original's", out.ContentLength, out.Header.Get("Content-Type"), len(got))
			}
		})
	}
}

// JSONMinorUnitsEditor writes the new amount in minor units (kopecks for
// RUB, T-Bank's notification Amount), keeping the old value's JSON type.
func TestJSONMinorUnitsEditor(t *testing.T) {
	t.Parallel()
	rub := payments.MustParseMoney("110.00", payments.RUB)
	kopeck := payments.MustParseMoney("0.01", payments.RUB)
	tests := []struct {
		name    string
		body    string
		amount  payments.Money
		want    string
		wantErr bool
	}{
		{name: "number in kopecks", body: `{"Amount":1000,"Token":"abc"}`, amount: rub, want: `{"Amount":11000,"Token":"abc"}`},
		{name: "string in kopecks", body: `{"Amount":"1000","Token":"abc"}`, amount: rub, want: `{"Amount":"11000","Token":"abc"}`},
		{name: "one kopeck", body: `{"Amount":1000,"Token":"abc"}`, amount: kopeck, want: `{"Amount":1,"Token":"abc"}`},
		{name: "no amount key", body: `{"Sum":1000,"Token":"abc"}`, amount: rub, wantErr: true},
	}
	edit := conformance.JSONMinorUnitsEditor("Token", "Amount")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest(http.MethodPost, "/notify", strings.NewReader(tt.body))
			out, err := edit(t, r, conformance.WebhookEdit{Amount: &tt.amount})
			if tt.wantErr {
				if err == nil {
					t.Fatalf("edit of %s succeeded, want an error", tt.body)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, readAll(t, out)); diff != "" {
				t.Errorf("edited body (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFormEditor(t *testing.T) {
	t.Parallel()
	amount := payments.MustParseMoney("110.00", payments.RUB)
	edit := conformance.FormEditor("sig", "sum")
	tests := []struct {
		name    string
		method  string
		fields  string
		edit    conformance.WebhookEdit
		want    string
		wantErr bool
	}{
		{name: "POST amount", method: http.MethodPost, fields: "sig=abc&sum=10.00",
			edit: conformance.WebhookEdit{Amount: &amount}, want: "sig=abc&sum=110.00"},
		{name: "POST drop signature", method: http.MethodPost, fields: "sig=abc&sum=10.00",
			edit: conformance.WebhookEdit{DropSignature: true}, want: "sum=10.00"},
		{name: "GET garble signature", method: http.MethodGet, fields: "sig=abc&sum=10.00",
			edit: conformance.WebhookEdit{GarbleSignature: true}, want: "sig=not-a-signature&sum=10.00"},
		{name: "GET amount", method: http.MethodGet, fields: "sig=abc&sum=10.00",
			edit: conformance.WebhookEdit{Amount: &amount}, want: "sig=abc&sum=110.00"},
		{name: "no amount field", method: http.MethodPost, fields: "sig=abc", edit: conformance.WebhookEdit{Amount: &amount}, wantErr: true},
		{name: "no signature field", method: http.MethodGet, fields: "sum=1", edit: conformance.WebhookEdit{GarbleSignature: true}, wantErr: true},
		{name: "not a form", method: http.MethodPost, fields: "%zz", edit: conformance.WebhookEdit{DropSignature: true}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var r *http.Request
			if tt.method == http.MethodGet {
				r = httptest.NewRequest(http.MethodGet, "/notify?"+tt.fields, nil)
			} else {
				r = httptest.NewRequest(http.MethodPost, "/notify", strings.NewReader(tt.fields))
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			out, err := edit(t, r, tt.edit)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("edit %s of %s succeeded, want an error", tt.edit, tt.fields)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := out.URL.RawQuery
			if tt.method != http.MethodGet {
				got = readAll(t, out)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("edited fields (-want +got):\n%s", diff)
			}
		})
	}
}

// The editors report a body they cannot read instead of editing nothing.
func TestEditorsReportBodyErrors(t *testing.T) {
	t.Parallel()
	for name, edit := range map[string]func(*testing.T, *http.Request, conformance.WebhookEdit) (*http.Request, error){
		"form": conformance.FormEditor("sig", "sum"),
		"json": conformance.JSONEditor("sig", "sum"),
	} {
		r := httptest.NewRequest(http.MethodPost, "/notify", io.NopCloser(errReader{}))
		if _, err := edit(t, r, conformance.WebhookEdit{DropSignature: true}); !errors.Is(err, errBroken) {
			t.Errorf("%s editor: error %v, want the body's read error", name, err)
		}
	}
}

var errBroken = errors.New("broken body")

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errBroken }

func readAll(t *testing.T, r *http.Request) string {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
