package pgstore_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"testing"

	"github.com/paykit/payments/internal/pgtest"
)

// The environment of a child process of TestSeparateProcesses: the URL of
// the parent's schema and the child's name.
const (
	envChildURL     = "PGSTORE_TEST_CHILD_URL"
	envChildSchema  = "PGSTORE_TEST_CHILD_SCHEMA"
	envChildName    = "PGSTORE_TEST_CHILD_NAME"
	childDeliveries = 300
)

// Three OS processes (this test binary run again), each with its own pool
// and handler on one table, deliver the same event 300 times each at once:
// the order is updated once, by one process.
func TestSeparateProcesses(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	newApp(t, db, "o1")
	var wg sync.WaitGroup
	outs := make([][]byte, 3)
	errs := make([]error, 3)
	for i := range 3 {
		wg.Go(func() {
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), envChildURL+"="+db.URL, envChildSchema+"="+db.Schema, fmt.Sprintf("%s=p%d", envChildName, i))
			outs[i], errs[i] = cmd.CombinedOutput()
		})
	}
	wg.Wait()
	for i := range 3 {
		if errs[i] != nil {
			t.Errorf("process %d: %v\n%s", i, errs[i], outs[i])
		} else {
			t.Logf("process %d: %s", i, outs[i])
		}
	}
	if got := effects(t, db, "o1"); got != 1 {
		t.Errorf("order o1 updated %d times, want 1", got)
	}
	if got := pgtest.Int(t, db, "SELECT count(*) FROM runs"); got != 1 {
		t.Errorf("the app's function committed %d times, want 1", got)
	}
}

// child runs the deliveries of one child process of TestSeparateProcesses
// and exits, if this process is one; it reports false otherwise.
func child() bool {
	u := os.Getenv(envChildURL)
	if u == "" {
		return false
	}
	t := &childT{}
	db := pgtest.DB{URL: u, Schema: os.Getenv(envChildSchema)}
	in := newInstance(t, db, os.Getenv(envChildName), instanceOptions{})
	codes := make([]int, childDeliveries)
	var wg sync.WaitGroup
	for i := range childDeliveries {
		wg.Go(func() { codes[i] = in.deliver(context.Background(), paid("evt_1", "o1")) })
	}
	wg.Wait()
	count := map[int]int{}
	for _, c := range codes {
		count[c]++
	}
	t.cleanup()
	fmt.Printf("answers %v, function ran %d times\n", count, in.runs.Load())
	if count[http.StatusOK]+count[http.StatusConflict] != childDeliveries {
		fmt.Println("answers other than 200 and 409")
		os.Exit(1)
	}
	os.Exit(0)
	return true
}

// childT is the testing.TB of a child process: a failure exits.
type childT struct {
	testing.TB
	cleanups []func()
}

func (c *childT) Helper()                   {}
func (c *childT) Cleanup(f func())          { c.cleanups = append(c.cleanups, f) }
func (c *childT) Fatal(args ...any)         { fmt.Println(args...); os.Exit(2) }
func (c *childT) Fatalf(f string, a ...any) { fmt.Printf(f+"\n", a...); os.Exit(2) }

func (c *childT) cleanup() {
	for i := len(c.cleanups) - 1; i >= 0; i-- {
		c.cleanups[i]()
	}
}
