package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providers"
)

// maxConfigBytes bounds a -config file: a real one is a few hundred bytes.
const maxConfigBytes = 1 << 20

// configFile returns the JSON configuration file to read: -config, else
// PAYMENTS_CONFIG, else "" for the environment.
func (a *app) configFile() string {
	if a.config != "" {
		return a.config
	}
	return a.getenv("PAYMENTS_CONFIG")
}

// loadConfig reads the provider configuration: the JSON file named by
// -config or PAYMENTS_CONFIG, or else the environment. It never reads
// secrets from flags.
func (a *app) loadConfig() (providers.Config, error) {
	var cfg providers.Config
	if path := a.configFile(); path != "" {
		b, err := readLimited(path, maxConfigBytes)
		if err != nil {
			return cfg, configError(fmt.Errorf("reading the configuration: %w", err))
		}
		if err := json.Unmarshal(b, &cfg); err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) {
				// Only the position: the decoder's message quotes a
				// character of the input, which may be part of a secret.
				what, at := "syntax error", se.Offset-1 // the byte the decoder stopped at
				if se.Offset >= int64(len(b)) && strings.Contains(se.Error(), "unexpected end") {
					what, at = "it ends too early", int64(len(b))
				}
				line, col := lineColumn(b, at)
				return cfg, configError(fmt.Errorf("configuration file %s is not valid JSON: %s at line %d, column %d", path, what, line, col))
			}
			return cfg, configError(fmt.Errorf("configuration file %s: %w", path, err))
		}
	} else {
		a.warnUnknownEnv()
		c, err := providers.FromEnv(a.getenv)
		if err != nil {
			return cfg, configError(err)
		}
		cfg = c
	}
	if cfg.Provider == "" {
		return cfg, &cliError{kind: kindConfig, exit: exitUsage, msg: "no provider configured: set PAYMENTS_PROVIDER (" +
			strings.Join(providers.Names(), ", ") + ") and the provider's variables, or pass -config FILE"}
	}
	return cfg, nil
}

// open loads the configuration and returns a ready client. Missing or
// malformed settings, secrets included, fail here with exit code 2.
func (a *app) open() (*payments.Client, error) {
	cfg, err := a.loadConfig()
	if err != nil {
		return nil, err
	}
	cfg.Options.HTTPClient = &http.Client{Transport: newProgressTransport(a.transport, a.stderr, a.verbose)}
	if a.wireLog.set { // -wire-log wins over PAYMENTS_WIRE_LOG and options.wire_log
		cfg.Options.WireLog = a.wireLog.value
	}
	if cfg.Options.WireLog {
		cfg.Options.WireLogger = slog.New(slog.NewTextHandler(a.stderr, nil))
	}
	if a.verbose {
		cfg.Options.Logger = slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	} else if unsafeFake(cfg) { // with -v, Open logs the same warning
		fmt.Fprintln(a.stderr, "payments: warning: "+providers.UnsafeFakeWarning)
	}
	client, err := providers.Open(a.ctx, cfg)
	if err != nil {
		return nil, configError(err)
	}
	return client, nil
}

// warnUnknownEnv warns about each variable that looks meant for a provider
// but that nothing reads (ROBOKASSA_PASWORD1), with the closest known one.
// The environment holds unrelated variables too: only those with a known
// prefix (PAYMENTS_, ROBOKASSA_, ...) are looked at, never their values.
func (a *app) warnUnknownEnv() {
	if a.environ == nil {
		return
	}
	for _, err := range providers.CheckEnv(a.environ(), "PAYMENTS_CONFIG") {
		fmt.Fprintln(a.stderr, "payments: warning: "+strings.TrimPrefix(err.Error(), "providers: "))
	}
}

// lineColumn returns the 1-based line and column (in bytes) of the byte
// at 0-based index i of b; an i past the end is the position after the
// last byte.
func lineColumn(b []byte, i int64) (line, col int) {
	before := b[:min(max(i, 0), int64(len(b)))]
	line = 1 + bytes.Count(before, []byte("\n"))
	col = len(before) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

// unsafeFake reports whether cfg opens the fake with its public webhook
// secret, as its unsafe_public_webhook_secret opt-in allows.
func unsafeFake(cfg providers.Config) bool {
	f := cfg.Sections["fake"]
	return cfg.Provider == "fake" && f["unsafe_public_webhook_secret"] == "true" && f["webhook_secret"] == "" && f["webhook_secret_file"] == ""
}

// readLimited reads the file at path up to limit bytes; a longer file is an
// error.
func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAllLimited(f, limit)
}

// readAllLimited reads r up to limit bytes; more is an error.
func readAllLimited(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("larger than %d bytes", limit)
	}
	return b, nil
}
