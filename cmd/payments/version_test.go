package main

import (
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestBuildVersion: what payments version reports from each kind of build
// info the go command records.
func TestBuildVersion(t *testing.T) {
	t.Parallel()
	vcs := []debug.BuildSetting{
		{Key: "-buildmode", Value: "exe"},
		{Key: "vcs", Value: "git"},
		{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
		{Key: "vcs.time", Value: "2026-11-29T10:00:00Z"},
		{Key: "vcs.modified", Value: "true"},
	}
	main := func(version string) debug.Module {
		return debug.Module{Path: "github.com/paykit/payments", Version: version}
	}
	tests := []struct {
		name string
		bi   *debug.BuildInfo
		ok   bool
		want versionJSON
		text string
	}{
		{"go install module@version", &debug.BuildInfo{GoVersion: "go1.26.8", Main: main("v1.4.0")}, true,
			versionJSON{Version: "v1.4.0", Module: "github.com/paykit/payments", Go: "go1.26.8"},
			"payments v1.4.0\nmodule   github.com/paykit/payments\ngo       go1.26.8\nrevision unknown (not recorded in this build)\n"},
		{"go build in a modified checkout", &debug.BuildInfo{GoVersion: "go1.26.8", Main: main("v0.0.0-20261129100000-0123456789ab+dirty"), Settings: vcs}, true,
			versionJSON{Version: "v0.0.0-20261129100000-0123456789ab+dirty", Module: "github.com/paykit/payments", Go: "go1.26.8", Revision: "0123456789abcdef0123456789abcdef01234567", Time: "2026-11-29T10:00:00Z", Modified: true},
			"payments v0.0.0-20261129100000-0123456789ab+dirty\nmodule   github.com/paykit/payments\ngo       go1.26.8\nrevision 0123456789abcdef0123456789abcdef01234567 (2026-11-29T10:00:00Z, with uncommitted changes)\n"},
		{"(devel) with a clean revision", &debug.BuildInfo{GoVersion: "go1.23.0", Main: main("(devel)"), Settings: vcs[:4]}, true,
			versionJSON{Version: "devel", Module: "github.com/paykit/payments", Go: "go1.23.0", Revision: "0123456789abcdef0123456789abcdef01234567", Time: "2026-11-29T10:00:00Z"},
			"payments devel\nmodule   github.com/paykit/payments\ngo       go1.23.0\nrevision 0123456789abcdef0123456789abcdef01234567 (2026-11-29T10:00:00Z)\n"},
		{"no version (go run, tests)", &debug.BuildInfo{GoVersion: "go1.26.8", Main: main("")}, true,
			versionJSON{Version: "devel", Module: "github.com/paykit/payments", Go: "go1.26.8"},
			"payments devel\nmodule   github.com/paykit/payments\ngo       go1.26.8\nrevision unknown (not recorded in this build)\n"},
		{"modified without a time", &debug.BuildInfo{GoVersion: "go1.26.8", Main: main("(devel)"), Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}, {Key: "vcs.modified", Value: "true"}}}, true,
			versionJSON{Version: "devel", Module: "github.com/paykit/payments", Go: "go1.26.8", Revision: "abc", Modified: true},
			"payments devel\nmodule   github.com/paykit/payments\ngo       go1.26.8\nrevision abc (with uncommitted changes)\n"},
		{"no build info", nil, false,
			versionJSON{Version: "devel", Go: "unknown"},
			"payments devel\ngo       unknown\nrevision unknown (not recorded in this build)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := buildVersion(tt.bi, tt.ok)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("buildVersion (-want +got):\n%s", diff)
			}
			var b strings.Builder
			writeVersion(&b, got)
			if diff := cmp.Diff(tt.text, b.String()); diff != "" {
				t.Errorf("writeVersion (-want +got):\n%s", diff)
			}
		})
	}
}

// TestVersionCommand: payments version prints this binary's Go version,
// as text and as one JSON object.
func TestVersionCommand(t *testing.T) {
	t.Parallel()
	tl := newTool(t, nil)
	r := tl.run("version")
	wantCode(t, r, exitOK)
	if !strings.HasPrefix(r.stdout, "payments ") || !strings.Contains(r.stdout, "\ngo       "+runtime.Version()+"\n") {
		t.Errorf("payments version printed:\n%s", r.stdout)
	}
	r = tl.run("version", "-json")
	wantCode(t, r, exitOK)
	v := decode[versionJSON](t, r)
	bi, ok := debug.ReadBuildInfo()
	if diff := cmp.Diff(buildVersion(bi, ok), v); diff != "" || v.Go != runtime.Version() {
		t.Errorf("payments version -json (-want +got):\n%s", diff)
	}
	if r := tl.run("version", "extra"); r.code != exitUsage {
		t.Errorf("payments version extra: exit code %d, want %d", r.code, exitUsage)
	}
}
