package main

import (
	"flag"
	"strings"
	"testing"
)

// TestHelpNamesEveryCommonFlag: "payments help" (its usage line and flag
// list) and every "payments COMMAND -h" (its "Common flags" line) name each
// flag the tool takes before or after any command, so that a new common
// flag cannot stay undocumented (-wire-log was missing from both lines).
func TestHelpNamesEveryCommonFlag(t *testing.T) {
	t.Parallel()
	var names []string
	(&app{}).newFlagSet("x").VisitAll(func(f *flag.Flag) { names = append(names, "-"+f.Name) })
	if len(names) < 4 {
		t.Fatalf("common flags %v, want at least -json, -config, -v, -wire-log", names)
	}
	tl := newTool(t, map[string]string{})
	main := tl.run("help").stdout
	usage := main[strings.Index(main, "Usage:"):strings.Index(main, "Commands:")]
	cmd := tl.run("status", "-h").stdout
	common := cmd[strings.Index(cmd, "Common flags:"):]
	for _, n := range names {
		if !strings.Contains(usage, "["+n) {
			t.Errorf("the usage line of payments help lacks %s:\n%s", n, usage)
		}
		if !strings.Contains(main, "  "+n) {
			t.Errorf("the flag list of payments help lacks %s", n)
		}
		if !strings.Contains(common, " "+n) {
			t.Errorf("payments status -h's common flags lack %s: %s", n, common)
		}
	}
}
