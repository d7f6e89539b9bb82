package main

import (
	"strings"
	"testing"
)

// TestWireLogFlagOverridesEnv: an explicit -wire-log=false switches off a
// wire log that PAYMENTS_WIRE_LOG=1 switched on, as a flag given on the
// command line wins over the environment; -wire-log switches it on over
// PAYMENTS_WIRE_LOG=0.
func TestWireLogFlagOverridesEnv(t *testing.T) {
	t.Parallel()
	sh := newShop(t)
	sb := startSandbox(t, sh, "POST")
	tests := []struct {
		name, env string
		args      []string
		want      bool
	}{
		{"env on, flag off", "1", []string{"-wire-log=false", "status", "-order", "7"}, false},
		{"env on, flag off after the command", "true", []string{"status", "-wire-log=false", "-order", "7"}, false},
		{"env off, flag on", "0", []string{"-wire-log", "status", "-order", "7"}, true},
		{"env on, no flag", "1", []string{"status", "-order", "7"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := robokassaEnv(t, sb)
			env["PAYMENTS_WIRE_LOG"] = tt.env
			r := newTool(t, env).run(tt.args...)
			if got := strings.Contains(r.stderr, "payments: wire"); got != tt.want {
				t.Errorf("%v with PAYMENTS_WIRE_LOG=%s: wire log %v, want %v\n%s", tt.args, tt.env, got, tt.want, r.stderr)
			}
		})
	}
}
