package main

import (
	"flag"
	"fmt"
	"io"
	"runtime/debug"
)

// versionJSON is the output of "payments version".
type versionJSON struct {
	// Version is the module version ("v1.2.0", or a pseudo-version), or
	// "devel" for a build without one.
	Version string `json:"version"`
	// Module is the main module's path.
	Module string `json:"module,omitempty"`
	// Go is the Go version the tool was built with.
	Go string `json:"go"`
	// Revision, Time and Modified are the VCS commit the tool was built
	// from, its time, and whether the tree had uncommitted changes; empty
	// when the build did not record them (go install module@version, or
	// -buildvcs=false).
	Revision string `json:"revision,omitempty"`
	Time     string `json:"time,omitempty"`
	Modified bool   `json:"modified,omitempty"`
}

// buildVersion is what the build info bi (from debug.ReadBuildInfo, ok
// false when the binary has none) says about this build.
func buildVersion(bi *debug.BuildInfo, ok bool) versionJSON {
	v := versionJSON{Version: "devel", Go: "unknown"}
	if !ok || bi == nil {
		return v
	}
	v.Module, v.Go = bi.Main.Path, bi.GoVersion
	// "(devel)" is what the go command records for a build of the main
	// module without a version (older go commands in a checkout; go run;
	// tests): no version to show, the revision says more.
	if mv := bi.Main.Version; mv != "" && mv != "(devel)" {
		v.Version = mv
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Revision = s.Value
		case "vcs.time":
			v.Time = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}

// writeVersion writes v as "payments version" prints it.
func writeVersion(w io.Writer, v versionJSON) {
	fmt.Fprintf(w, "payments %s\n", v.Version)
	if v.Module != "" {
		fmt.Fprintf(w, "module   %s\n", v.Module)
	}
	fmt.Fprintf(w, "go       %s\n", v.Go)
	if v.Revision == "" {
		fmt.Fprintln(w, "revision unknown (not recorded in this build)")
		return
	}
	fmt.Fprintf(w, "revision %s", v.Revision)
	switch {
	case v.Time != "" && v.Modified:
		fmt.Fprintf(w, " (%s, with uncommitted changes)", v.Time)
	case v.Time != "":
		fmt.Fprintf(w, " (%s)", v.Time)
	case v.Modified:
		fmt.Fprint(w, " (with uncommitted changes)")
	}
	fmt.Fprintln(w)
}

func versionCommand() *command {
	return &command{
		name:    "version",
		summary: "show the version, Go version and source revision of this tool",
		usage:   "payments version [flags]",
		about: `Shows the module version of this tool ("devel" for a build without one),
the Go version it was built with and the VCS revision it was built from,
as the build recorded them (runtime/debug.ReadBuildInfo). With -json: one
object with version, module, go, revision, time and modified.`,
		setup: func(a *app, fs *flag.FlagSet) func([]string) int {
			return func([]string) int {
				v := buildVersion(debug.ReadBuildInfo())
				return a.emit(v, func(w io.Writer) { writeVersion(w, v) })
			}
		},
	}
}
