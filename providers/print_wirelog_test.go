package providers

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// TestConfigShowsWireLog: a configuration printed or logged at start-up
// says whether provider traffic is being logged (the wire log was left out
// of both forms, so an operator could not tell it was still on).
func TestConfigShowsWireLog(t *testing.T) {
	t.Parallel()
	cfg := Config{Provider: "fake", Options: Options{WireLog: true, WireLogger: slog.Default()}}
	if got := fmt.Sprintf("%v", cfg); !strings.Contains(got, "WireLog:true") || !strings.Contains(got, "WireLogger:set") {
		t.Errorf("%%v = %s, want WireLog:true and WireLogger:set", got)
	}
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("start", "cfg", cfg)
	if !strings.Contains(buf.String(), "cfg.options.wire_log=true") {
		t.Errorf("slog = %s, want cfg.options.wire_log=true", buf.String())
	}
}
