package conformance

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paykit/payments"
)

// Scenario is one rule of the suite, run as a named subtest.
type Scenario struct {
	// Name is the subtest's name and, for scenarios that make HTTP
	// requests, the fixture's file name without ".json".
	Name string
	// Rule is the one-line explanation of what the scenario checks.
	Rule string
	// Op is the operation the scenario exercises.
	Op payments.Operation
	// Given lists the payments the scenario expects the live side to
	// hold when it is recorded; Harness.Seed creates them. Scenarios that
	// predate it name their state in the package documentation instead.
	Given []Given

	// optional scenarios are skipped, with a message, when their fixture is
	// missing.
	optional bool
	// applies reports whether the scenario applies to a provider with caps.
	applies func(caps payments.Capabilities) bool
	// fixture names the fixture to replay when it is not Name ("" = Name).
	fixture string
	// local scenarios make no request; they run with an empty replay.
	local bool
	run   func(e *env)
}

// env is what a running scenario works with.
type env struct {
	t      *testing.T
	h      *Harness
	s      *Scenario
	caps   payments.Capabilities
	client *payments.Client
	prov   payments.Provider
	// newProvider builds another provider as prov was built (Harness.Live
	// when recording, else Harness.NewProvider), sending through rt.
	newProvider func(t *testing.T, rt http.RoundTripper) payments.Provider
	replay      *replayer
	// wire keeps the requests the scenario's provider sent.
	wire *wireLog
	// deliveries are the webhooks the live side sent while the scenario
	// was seeded (Fixture.Webhooks).
	deliveries []Delivery
}

// failf reports a failure of the scenario's rule.
func (e *env) failf(format string, args ...any) {
	e.t.Helper()
	e.t.Errorf("%s\n\trule: %s", fmt.Sprintf(format, args...), e.s.Rule)
}

// money returns amount in the harness currency.
func (e *env) money(amount string) payments.Money {
	return payments.MustParseMoney(amount, e.h.Currency)
}

// TestCard is the card number every card scenario uses.
const TestCard = "4111111111111111"

// ThreeDSBrowser is the browser data of the init_3ds scenario.
var ThreeDSBrowser = payments.BrowserData{
	IP:                  "203.0.113.7",
	AcceptHeader:        "text/html",
	JavaEnabled:         false,
	Language:            "ru-RU",
	ColorDepth:          24,
	ScreenHeight:        1080,
	ScreenWidth:         1920,
	TZOffsetMinutes:     180,
	UserAgent:           "Mozilla/5.0 (X11; Linux x86_64)",
	ChallengeWindowSize: "02",
}

// Clock is the fixed time the suite's Client runs at.
var Clock = time.Date(2026, time.January, 15, 12, 0, 0, 0, time.UTC)

// retryAttempts is the suite's Client retry budget for reads.
const retryAttempts = 2

func testCard() *payments.Card {
	return &payments.Card{Number: TestCard, ExpMonth: 12, ExpYear: 2030, CVC: "123"}
}

// Scenarios returns the suite's scenarios that apply to a provider with
// caps, in the order Run runs them (webhook scenarios included only when
// the provider verifies webhooks).
func Scenarios(caps payments.Capabilities) []Scenario {
	var out []Scenario
	for _, s := range allScenarios() {
		if s.applies == nil || s.applies(caps) {
			out = append(out, s)
		}
	}
	return out
}

func allScenarios() []Scenario {
	var all []Scenario
	all = append(all, localScenarios()...)
	all = append(all, fixtureScenarios()...)
	all = append(all, methodScenarios()...)
	all = append(all, refundRefScenarios()...)
	all = append(all, faultScenarios()...)
	all = append(all, declarationScenario())
	all = append(all, lookupScenarios()...)
	all = append(all, receiptWireScenarios()...)
	all = append(all, webhookScenarios()...)
	all = append(all, lifecycleScenarios()...)
	return all
}

func supports(op payments.Operation) func(payments.Capabilities) bool {
	return func(c payments.Capabilities) bool { return c.Supports(op) }
}

// Run runs every scenario that applies to the provider as a subtest of t.
func Run(t *testing.T, h Harness) {
	t.Helper()
	if h.NewProvider == nil {
		t.Fatal("conformance: Harness.NewProvider is required")
	}
	probe := h.NewProvider(t, newReplayer("probe", nil).Transport())
	if probe == nil {
		t.Fatal("conformance: Harness.NewProvider returned nil")
	}
	caps := probe.Capabilities()
	if h.Name == "" {
		h.Name = probe.Name()
	}
	if h.FixtureDir == "" {
		h.FixtureDir = filepath.Join("testdata", h.Name)
	}
	if h.Currency == "" {
		if len(caps.Currencies) == 0 {
			t.Fatal("conformance: the provider declares no currencies")
		}
		h.Currency = caps.Currencies[0]
	}
	if h.recording() && h.Live == nil {
		t.Log("conformance: -record given but Harness.Live is nil; replaying")
	}
	if !checkSkips(t, &h) {
		return
	}
	ran := 0
	for _, s := range Scenarios(caps) {
		ran++
		t.Run(s.Name, func(t *testing.T) {
			runScenario(t, &h, s, caps)
		})
	}
	t.Run(hygieneScenario, func(t *testing.T) {
		if reason, ok := h.Skip[hygieneScenario]; ok {
			t.Skipf("skipped by Harness.Skip: %s", reason)
		}
		checkFixtureHygiene(t, &h)
	})
	t.Logf("conformance: %s: %d scenarios", h.Name, ran+1)
}

func runScenario(t *testing.T, h *Harness, s Scenario, caps payments.Capabilities) {
	t.Helper()
	if reason, ok := h.Skip[s.Name]; ok {
		t.Skipf("skipped by Harness.Skip: %s", reason)
	}
	name := s.fixture
	if name == "" {
		name = s.Name
	}
	var fx *Fixture
	var rec *recorder
	var wire *wireLog
	var repl *replayer
	var prov payments.Provider
	var deliveries []Delivery
	newProvider := h.NewProvider
	if h.recording() && h.Live != nil && !s.local && s.fixture == "" {
		if h.Seed != nil {
			h.Seed(t, s)
		}
		rec = newRecorder(http.DefaultTransport, h.Secrets, h.ScrubParams)
		deliveries = seedDeliveries(t, h, s, rec)
		wire = &wireLog{next: rec}
		prov = h.Live(t, wire)
		newProvider = h.Live
	} else {
		if !s.local {
			var err error
			fx, err = LoadFixture(h.FixtureDir, name)
			if err != nil {
				t.Fatal(err)
			}
			if fx == nil && s.optional {
				t.Skipf("no fixture %s.json in %s: this optional failure mode is not recorded for %s", name, h.FixtureDir, h.Name)
			}
		}
		repl = newReplayer(h.Name, fx)
		wire = &wireLog{next: repl.Transport()}
		prov = h.NewProvider(t, wire)
		if fx != nil {
			deliveries = fx.Webhooks
		}
	}
	client := suiteClient(t, prov)
	e := &env{t: t, h: h, s: &s, caps: caps, client: client, prov: prov, newProvider: newProvider, replay: repl, wire: wire, deliveries: deliveries}
	t.Logf("rule: %s", s.Rule)
	s.run(e)
	if repl != nil {
		for _, p := range repl.finish() {
			e.failf("replay: %s", p)
		}
	}
	if t.Failed() || t.Skipped() {
		// A fixture of a failed or skipped scenario would be replayed
		// later as if it showed the provider's behaviour; keep none.
		return
	}
	if fx := rec.fixtureOrNil(name, h.Source); fx != nil {
		fx.Webhooks = deliveries
		if err := fx.Save(h.FixtureDir); err != nil {
			t.Fatal(err)
		}
	}
}

// hygieneScenario is the name of the subtest that checks fixtures for
// secrets; it can be skipped like any scenario.
const hygieneScenario = "fixtures_hold_no_secrets"

// checkSkips reports, as failures of t, Harness.Skip entries that name no
// scenario of the suite or give no reason, so that a typo cannot hide a
// scenario that runs. It returns false when there is any.
func checkSkips(t testing.TB, h *Harness) bool {
	t.Helper()
	known := map[string]bool{hygieneScenario: true}
	for _, s := range allScenarios() {
		known[s.Name] = true
	}
	ok := true
	for name, reason := range h.Skip {
		if !known[name] {
			t.Errorf("conformance: Harness.Skip names %q, which is no scenario of the suite (see conformance.Scenarios)", name)
			ok = false
		} else if strings.TrimSpace(reason) == "" {
			t.Errorf("conformance: Harness.Skip gives no reason for skipping %q", name)
			ok = false
		}
	}
	return ok
}

// suiteClient is the Client every scenario uses: the suite's clock and a
// quick retry policy for reads.
func suiteClient(t *testing.T, p payments.Provider) *payments.Client {
	t.Helper()
	c, err := payments.New(p, &payments.Options{
		Now:   func() time.Time { return Clock },
		Retry: payments.RetryPolicy{MaxAttempts: retryAttempts, InitialDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// recording reports whether fixtures are being recorded.
func (h *Harness) recording() bool { return h.Record || *recordFlag }

// ctx returns a context for one scenario call.
func (e *env) ctx() context.Context {
	return e.t.Context()
}
