package sandbox

import (
	"context"
	"net/http"
	"testing"

	"github.com/paykit/payments/robokassa"
)

// An Invoice API invoice with AdditionalParameters StepByStep and
// ResultURL2 (robokassa/sdk-php sendHold) is held when paid and reported
// on ResultUrl2; one with Recurring becomes a recurring parent; a test
// invoice (IsTest "1", keyed with TestPassword1) is a test payment.
func TestRobokassaInvoiceLifecycle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newRKEnv(t, rkEnvOptions{})
	pay := func(inv *robokassa.Invoice) int64 {
		t.Helper()
		created, err := e.prov.CreateInvoice(ctx, inv)
		if err != nil {
			t.Fatal(err)
		}
		status, body, _ := e.get(created.URL)
		if status != http.StatusOK {
			t.Fatalf("invoice page %d\n%s", status, body)
		}
		e.press("pay", rkTokenRE.FindStringSubmatch(body)[1])
		return created.InvID
	}
	held := pay(&robokassa.Invoice{Amount: rubs("10.00"), Description: "hold", StepByStep: true, ResultURL2: e.shopURL + "/result2"})
	if n := e.notice2(e.sb.RobokassaCertificate()); n.Data.State != "HOLD" {
		t.Errorf("invoice hold notification %+v", n.Data)
	}
	if st := e.state(held); st != robokassa.StateHeld {
		t.Errorf("invoice hold state %d", st)
	}
	parent := pay(&robokassa.Invoice{Amount: rubs("10.00"), Description: "parent", Recurring: true})
	e.hit()
	e.event()
	if p, _ := e.sb.RobokassaPayment(parent); !p.Recurring || p.State != robokassa.StatePaid {
		t.Errorf("invoice parent %+v", p)
	}
	test := pay(&robokassa.Invoice{Amount: rubs("10.00"), Description: "test", IsTest: true})
	if p, _ := e.sb.RobokassaPayment(test); !p.Test {
		t.Errorf("test invoice %+v", p)
	}
	for name, inv := range map[string]*robokassa.Invoice{
		"hold and recurring": {Amount: rubs("1.00"), StepByStep: true, Recurring: true, ResultURL2: e.shopURL + "/r2"},
		"token":              {Amount: rubs("1.00"), Token: "E1253728-48A9-488D-A045-9954C442AF5C-qNavrXC6Y4"},
	} {
		if _, err := e.prov.CreateInvoice(ctx, inv); err == nil {
			t.Errorf("%s: created", name)
		}
	}
}
