package pgtest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"syscall"
	"testing"
)

// Server is a throwaway PostgreSQL server in a temporary directory.
type Server struct {
	// URL connects to the server's postgres database as its superuser.
	URL string

	bin  string // the directory of initdb, pg_ctl, postgres
	dir  string // the temporary directory: data, socket, log
	port int
	uid  int // the user the server runs as when the tests run as root; -1 otherwise
	gid  int
}

// NewServer starts a private throwaway server for t (one that t may
// restart or stop) and stops it when t ends. It skips t when no server
// binaries are found.
func NewServer(t testing.TB) *Server {
	t.Helper()
	s, err := start()
	if err != nil {
		t.Skipf("pgtest: cannot start a private PostgreSQL: %v; install PostgreSQL's server binaries (Debian: apt-get install postgresql)", err)
	}
	t.Cleanup(s.Stop)
	return s
}

// findBin returns the directory holding initdb and pg_ctl: from PATH, or
// the newest /usr/lib/postgresql/<version>/bin.
func findBin() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if _, err := exec.LookPath("pg_ctl"); err == nil {
			return filepath.Dir(p), nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "pg_ctl")); err == nil {
			return d, nil
		}
	}
	return "", errors.New("initdb and pg_ctl not found in PATH nor under /usr/lib/postgresql/*/bin")
}

// version is the major version in a /usr/lib/postgresql/<version>/bin path.
func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

// start initialises and starts a server.
func start() (*Server, error) {
	bin, err := findBin()
	if err != nil {
		return nil, err
	}
	s := &Server{bin: bin, uid: -1, gid: -1}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("running as root and there is no postgres user to run the server as: %w", err)
		}
		s.uid, _ = strconv.Atoi(u.Uid)
		s.gid, _ = strconv.Atoi(u.Gid)
	}
	s.dir, err = os.MkdirTemp("", "pgtest-")
	if err != nil {
		return nil, err
	}
	if s.uid >= 0 {
		if err := os.Chown(s.dir, s.uid, s.gid); err != nil {
			s.cleanup()
			return nil, err
		}
	}
	if out, err := s.run("initdb", "-D", s.data(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--locale=C"); err != nil {
		s.cleanup()
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	if s.port, err = freePort(); err != nil {
		s.cleanup()
		return nil, err
	}
	s.URL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", s.port)
	if err := s.pgctl("start"); err != nil {
		s.cleanup()
		return nil, err
	}
	s.watch()
	return s, nil
}

// watch starts a watchdog process that stops the server and removes its
// directory once this process has ended, so that a test binary killed by
// a panic or a timeout leaves no server behind.
func (s *Server) watch() {
	script := fmt.Sprintf(`while [ -d /proc/%d ]; do sleep 1; done; %s stop -m immediate -D %s >/dev/null 2>&1; rm -rf %s`,
		os.Getpid(), filepath.Join(s.bin, "pg_ctl"), s.data(), s.dir)
	var cmd *exec.Cmd
	if s.uid >= 0 {
		cmd = exec.Command("runuser", "-u", "postgres", "--", "sh", "-c", script)
	} else {
		cmd = exec.Command("sh", "-c", script)
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if cmd.Start() == nil {
		go func() { _ = cmd.Wait() }()
	}
}

func (s *Server) data() string { return filepath.Join(s.dir, "data") }

// run runs one of the server's programs, as the postgres user when the
// tests run as root.
func (s *Server) run(prog string, args ...string) ([]byte, error) {
	path := filepath.Join(s.bin, prog)
	var cmd *exec.Cmd
	if s.uid >= 0 {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Dir = s.dir
	return cmd.CombinedOutput()
}

// pgctl runs pg_ctl action (start, restart), waiting until it is done.
func (s *Server) pgctl(action string) error {
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400", s.port, s.dir)
	out, err := s.run("pg_ctl", action, "-w", "-t", "60", "-m", "fast", "-D", s.data(), "-l", filepath.Join(s.dir, "log"), "-o", opts)
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(s.dir, "log"))
		return fmt.Errorf("pg_ctl %s: %v: %s\n%s", action, err, out, log)
	}
	return nil
}

// Restart restarts the server (pg_ctl restart -m fast): every connection
// is closed; the data stays.
func (s *Server) Restart() error { return s.pgctl("restart") }

// Stop stops the server immediately and removes its directory.
func (s *Server) Stop() {
	_, _ = s.run("pg_ctl", "stop", "-w", "-m", "immediate", "-D", s.data())
	s.cleanup()
}

func (s *Server) cleanup() { _ = os.RemoveAll(s.dir) }

// freePort returns a TCP port on the loopback nobody listens on now.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
