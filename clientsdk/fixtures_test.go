package clientsdk

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
	"github.com/paykit/payments"
	"github.com/paykit/payments/conformance"
	"github.com/paykit/payments/providerkit"
)

const fixtureDir = "../testdata/clientsdk"

// TestFixtureSignatures checks that every recorded request carries the
// signature Sign computes over its recorded fields, except requests that
// carry card data (pan, cvc), whose signature must be scrubbed: with the
// secret it would give the card data back (issue 8 item 12).
func TestFixtureSignatures(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join(fixtureDir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in %s (%v)", fixtureDir, err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fx, err := conformance.LoadFixture(fixtureDir, name)
			if err != nil {
				t.Fatal(err)
			}
			for i, ex := range fx.Exchanges {
				vals := ex.Request.Query
				if ex.Request.Method != http.MethodGet {
					vals = ex.Request.Form
				}
				if vals.Has("pan") || vals.Has("cvc") {
					if got := vals["signature"]; len(got) != 1 || got[0] != conformance.Scrubbed {
						t.Errorf("exchange %d carries card data and a signature %q, want %q", i, got, conformance.Scrubbed)
					}
					continue
				}
				var params []Param
				for k, vs := range vals {
					if len(vs) != 1 {
						t.Fatalf("exchange %d: field %q recorded %d times", i, k, len(vs))
					}
					if k != "signature" {
						params = append(params, Param{k, vs[0]})
					}
				}
				want := mustSign(t, ex.Request.Path, ex.Request.Method, params)
				if got := vals.Get("signature"); got != want {
					t.Errorf("exchange %d: recorded signature %s, Sign gives %s", i, got, want)
				}
			}
		})
	}
}

// replayFixture serves the fixture's exchanges in order, requiring each
// request to match its recorded method, path and fields (a scrubbed value
// matches anything, a masked card number the number it masks).
func replayFixture(t *testing.T, name string) *Provider {
	t.Helper()
	fx, err := conformance.LoadFixture(fixtureDir, name)
	if err != nil || fx == nil {
		t.Fatalf("fixture %s: %v", name, err)
	}
	mt := httpmock.NewMockTransport()
	next := 0
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		if next >= len(fx.Exchanges) {
			t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
			return nil, errors.New("unexpected request")
		}
		ex := fx.Exchanges[next]
		next++
		got := r.URL.Query()
		want := ex.Request.Query
		if r.Method != http.MethodGet {
			body, _ := io.ReadAll(r.Body)
			got, _ = url.ParseQuery(string(body))
			want = ex.Request.Form
		}
		for k, vs := range want {
			if vs[0] == conformance.Scrubbed || (strings.Contains(vs[0], "*") && providerkit.MaskPAN(got.Get(k)) == vs[0]) {
				want[k], got[k] = nil, nil
			}
		}
		if r.Method != ex.Request.Method || r.URL.Path != ex.Request.Path {
			t.Errorf("request %s %s, want %s %s", r.Method, r.URL.Path, ex.Request.Method, ex.Request.Path)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("request fields (-want +got):\n%s", diff)
		}
		resp := httpmock.NewStringResponse(ex.Response.Status, ex.Response.Body)
		resp.Header = ex.Response.Header.Clone()
		return resp, nil
	})
	t.Cleanup(func() {
		if next != len(fx.Exchanges) {
			t.Errorf("fixture %s: %d of %d exchanges used", name, next, len(fx.Exchanges))
		}
	})
	p, err := New(testConfig(mt))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestExtraFixtures replays the fixtures the suite has no scenario for:
// the by-id payout lookup and the error shapes.
func TestExtraFixtures(t *testing.T) {
	t.Parallel()
	t.Run("withdrawal_status_by_id", func(t *testing.T) {
		t.Parallel()
		w, err := replayFixture(t, "withdrawal_status_by_id").WithdrawalStatus(t.Context(), payments.WithdrawalQuery{ID: "1523"})
		if err != nil {
			t.Fatal(err)
		}
		if w.ID != "1523" || w.OrderID != "2001" || w.Status != payments.StatusSucceeded || !w.Amount.Equal(rub("50")) || !w.Fee.Equal(rub("1.5")) {
			t.Errorf("withdrawal %+v", w)
		}
	})
	t.Run("error_http_400", func(t *testing.T) {
		t.Parallel()
		_, err := replayFixture(t, "error_http_400").PaymentStatus(t.Context(), payments.PaymentQuery{OrderID: "1004"})
		var pe *payments.Error
		if !errors.Is(err, payments.ErrInvalidRequest) || !errors.As(err, &pe) || pe.Code != "common" {
			t.Errorf("err %v, want ErrInvalidRequest with code common", err)
		}
	})
	t.Run("error_http_500", func(t *testing.T) {
		t.Parallel()
		_, err := replayFixture(t, "error_http_500").Withdraw(t.Context(), &payments.WithdrawalRequest{
			OrderID: "2003", Amount: rub("50"), Card: &payments.Card{Number: conformance.TestCard}})
		if !errors.Is(err, payments.ErrOutcomeUnknown) {
			t.Errorf("err %v, want ErrOutcomeUnknown", err)
		}
	})
	t.Run("error_field_errors", func(t *testing.T) {
		t.Parallel()
		_, err := replayFixture(t, "error_field_errors").InitPayment(t.Context(), &payments.InitRequest{
			OrderID: "1005", Amount: rub("10"), Description: "Order 1005", Language: "en",
			SuccessURL: "https://shop.example/success", NotificationURL: testNotifURL})
		var pe *payments.Error
		if !errors.Is(err, payments.ErrInvalidRequest) || !errors.As(err, &pe) || len(pe.Fields) != 2 {
			t.Fatalf("err %v, want ErrInvalidRequest with two field errors", err)
		}
		if diff := cmp.Diff([]string{"Select a valid choice."}, pe.Fields["language"]); diff != "" {
			t.Errorf("language errors (-want +got):\n%s", diff)
		}
	})
}

// TestFixturesHoldNoCardData double-checks the fixtures' hygiene: no
// card number, no secret, every CVC scrubbed.
func TestFixturesHoldNoCardData(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob(filepath.Join(fixtureDir, "*.json"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{conformance.TestCard, testSecret} {
			if strings.Contains(string(data), bad) {
				t.Errorf("%s contains %q", f, bad)
			}
		}
		fx, err := conformance.LoadFixture(fixtureDir, strings.TrimSuffix(filepath.Base(f), ".json"))
		if err != nil {
			t.Fatal(err)
		}
		for _, ex := range fx.Exchanges {
			for _, vals := range []url.Values{ex.Request.Query, ex.Request.Form} {
				if v, ok := vals["cvc"]; ok && (len(v) != 1 || v[0] != conformance.Scrubbed) {
					t.Errorf("%s: cvc recorded as %q, want %q", f, v, conformance.Scrubbed)
				}
			}
		}
	}
}
