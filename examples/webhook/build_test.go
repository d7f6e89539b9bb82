package main

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestBuiltBinary builds the command and runs it as an operator would:
// configured only by the environment (Password #2 from a secret file),
// answering webhooks on the printed address, and stopping cleanly with exit
// status 0 on SIGINT. The binary's order table is empty, so a valid
// notification is not acknowledged (500: the provider will retry) and a
// forged one is refused (403).
func TestBuiltBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary; skipped in -short mode")
	}
	if runtime.GOOS == "windows" {
		t.Skip("sends SIGINT")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command in PATH")
	}
	t.Parallel()
	dir := t.TempDir()
	bin := filepath.Join(dir, "webhook")
	build := exec.CommandContext(t.Context(), goBin, "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	secretFile := filepath.Join(dir, "password2")
	if err := os.WriteFile(secretFile, []byte(rkPass2+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(bin)
	cmd.Env = []string{
		"PAYMENTS_PROVIDER=robokassa",
		"ROBOKASSA_MERCHANT_LOGIN=" + rkLogin,
		"ROBOKASSA_PASSWORD1=" + rkPass1,
		"ROBOKASSA_PASSWORD2_FILE=" + secretFile,
		"ROBOKASSA_ALGORITHM=SHA256",
		"WEBHOOK_ADDR=127.0.0.1:0",
		"WEBHOOK_PATH=/hooks/robokassa",
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	finished := make(chan struct{})
	t.Cleanup(func() {
		_ = cmd.Process.Kill() // a no-op once it exited
		<-finished
	})

	// The first JSON log line says where it listens.
	lines := make(chan string, 1024) // never fills: the binary logs a few lines
	var logs strings.Builder
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		exited <- cmd.Wait()
		close(finished)
	}()
	var addr string
	timeout := time.After(30 * time.Second)
	for addr == "" {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatalf("the binary exited before listening:\n%s", logs.String())
			}
			logs.WriteString(line + "\n")
			var rec struct{ Msg, Addr string }
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "listening" {
				addr = rec.Addr
			}
		case <-timeout:
			t.Fatalf("the binary did not say where it listens:\n%s", logs.String())
		}
	}

	c := newClient(t)
	base := "http://" + addr
	if code, body := send(t, c, base+"/healthz", delivery{method: http.MethodGet}); code != http.StatusOK || body != "ok" {
		t.Errorf("GET /healthz: %d %q", code, body)
	}
	if code, _ := send(t, c, base+"/hooks/robokassa", robokassaResult("10.000000", "5", rkPass1)); code != http.StatusForbidden {
		t.Errorf("forged notification: %d, want 403", code)
	}
	if code, body := send(t, c, base+"/hooks/robokassa", robokassaResult("10.000000", "5", rkPass2)); code != http.StatusInternalServerError || body == "OK5" {
		t.Errorf("valid notification for an order the empty table lacks: %d %q, want 500 (not acknowledged)", code, body)
	}

	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	for line := range lines {
		logs.WriteString(line + "\n")
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("exit after SIGINT: %v, want status 0\n%s", err, logs.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("the binary did not stop after SIGINT:\n%s", logs.String())
	}
	for _, want := range []string{`"msg":"shutting down"`, `"msg":"stopped"`, `"msg":"webhook refused"`} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %s:\n%s", want, logs.String())
		}
	}
	for _, secret := range []string{rkPass1, rkPass2} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("the log contains a secret:\n%s", logs.String())
		}
	}
}
