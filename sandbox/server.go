package sandbox

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Options configures a sandbox Server. Zero values mean the defaults.
type Options struct {
	// Robokassa is the shop the sandbox's Robokassa side accepts.
	Robokassa RobokassaShop
	// ClientSDK is the merchant the sandbox's sbank/PayHub side accepts.
	ClientSDK ClientSDKMerchant
	// TBank is the terminal the sandbox's T-Bank side accepts.
	TBank TBankTerminal
	// HTTPClient delivers notifications to the shop; nil means a client
	// with a 10s timeout.
	HTTPClient *http.Client
	// Retries is how many times a notification is delivered before the
	// sandbox gives up; zero means 5.
	Retries int
	// RetryDelay is the wait before the first retry, doubled after each;
	// zero means 200ms.
	RetryDelay time.Duration
	// Logf, if set, receives one line per event (request, notification,
	// retry). Secrets and card numbers are never logged.
	Logf func(format string, args ...any)
	// Now is the clock; nil means time.Now. It dates states and
	// ResultUrl2 notifications and ends holds after RobokassaHoldPeriod;
	// pass a Clock's Now to move it in tests. RobokassaConfig passes it on
	// as robokassa.Config.Now.
	Now func() time.Time
}

// Server is a local sandbox that speaks Robokassa's, the sbank/PayHub
// API's and T-Bank Internet Acquiring's wire protocols, with state. Its
// paths do not collide, so one server plays all three: point
// robokassa.Config.AuthURL and ServicesURL, and clientsdk.Config.BaseURL,
// at its URL, and a T-Bank client at URL() + TBankAPIPath (TBankAPI).
type Server struct {
	opts Options
	mux  *http.ServeMux
	rk   *robokassaSide
	cs   *clientsdkSide
	tb   *tbankSide

	mu   sync.Mutex
	base string // the server's own base URL, for pages and redirects

	// ctx ends when the server closes; cancel is called with mu held, so
	// that notify adds to wg only before Close waits on it.
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup // deliveries in flight

	srv *http.Server
}

// New returns a sandbox with the given options; it serves nothing until
// Handler is mounted or Start is called.
func New(opts Options) (*Server, error) {
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if opts.Retries <= 0 {
		opts.Retries = 5
	}
	if opts.RetryDelay <= 0 {
		opts.RetryDelay = 200 * time.Millisecond
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	opts.Robokassa = opts.Robokassa.withDefaults()
	if err := opts.Robokassa.check(); err != nil {
		return nil, err
	}
	opts.ClientSDK = opts.ClientSDK.withDefaults()
	opts.TBank = opts.TBank.withDefaults()
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{opts: opts, mux: http.NewServeMux(), ctx: ctx, cancel: cancel}
	rk, err := newRobokassaSide(s)
	if err != nil {
		cancel()
		return nil, err
	}
	s.rk = rk
	s.cs = newClientSDKSide(s)
	s.tb = newTBankSide(s)
	s.rk.routes(s.mux)
	s.cs.routes(s.mux)
	s.tb.routes(s.mux)
	return s, nil
}

// Handler returns the sandbox's HTTP handler, for mounting in a test
// server. Call SetBaseURL with the URL it is reachable at.
func (s *Server) Handler() http.Handler { return s.mux }

// SetBaseURL tells the sandbox the URL it is served at (for its pages'
// links and redirects). Start sets it.
func (s *Server) SetBaseURL(u string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.base = strings.TrimSuffix(u, "/")
}

// URL returns the sandbox's base URL.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.base
}

// baseURL returns the sandbox's base URL, or one made from the request's
// Host when the sandbox was mounted without SetBaseURL.
func (s *Server) baseURL(r *http.Request) string {
	if u := s.URL(); u != "" {
		return u
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// Start listens on addr (for example "127.0.0.1:0") and serves in the
// background until Close.
func (s *Server) Start(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	s.SetBaseURL("http://" + ln.Addr().String())
	s.srv = &http.Server{Handler: s.mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.srv.Serve(ln) }()
	return nil
}

// Close stops delivering notifications (none start after it), waits for
// deliveries in flight to end, and stops the listener started by Start.
func (s *Server) Close() error {
	s.mu.Lock()
	s.cancel()
	s.mu.Unlock()
	s.wg.Wait()
	if s.srv != nil {
		return s.srv.Close()
	}
	return nil
}

func (s *Server) logf(format string, args ...any) {
	if s.opts.Logf != nil {
		s.opts.Logf(format, args...)
	}
}

// delivery is one notification to send to the shop until it is accepted.
type delivery struct {
	// name describes it in logs ("robokassa ResultURL for InvId 5").
	name string
	// build returns a fresh request for each attempt.
	build func(ctx context.Context) (*http.Request, error)
	// accepted reports whether the shop's answer ends the retries.
	accepted func(status int, body string) bool
	// done, if set, is called once with whether the shop accepted.
	done func(ok bool)
	// attempts, if positive and below Options.Retries, caps the attempts.
	attempts int
}

// notify delivers d in the background, retrying with doubling delays until
// it is accepted, Retries attempts are spent, or the server closes. The
// channel it returns is closed once the first attempt has ended (after
// d.done when that attempt was accepted), or at once when the server is
// closed and d is not sent.
func (s *Server) notify(d delivery) <-chan struct{} {
	first := make(chan struct{})
	firstEnded := sync.OnceFunc(func() { close(first) })
	s.mu.Lock()
	closed := s.ctx.Err() != nil
	if !closed {
		s.wg.Add(1)
	}
	s.mu.Unlock()
	if closed {
		s.logf("%s: not sent, the sandbox is closed", d.name)
		firstEnded()
		return first
	}
	go func() {
		defer s.wg.Done()
		defer firstEnded()
		ok := s.deliver(d, firstEnded)
		if d.done != nil {
			d.done(ok)
		}
	}()
	return first
}

// notifyWaitFirst is notify, but returns only once the first attempt has
// ended (accepted, refused or failed), ctx is done or the server closes:
// the sandbox redirects the buyer after that, so that a shop's order page
// already shows the new state, while retries go on in the background.
func (s *Server) notifyWaitFirst(ctx context.Context, d delivery) {
	select {
	case <-s.notify(d):
	case <-ctx.Done():
	case <-s.ctx.Done():
	}
}

// deliver sends d until it is accepted (true), Retries attempts are spent
// or the server closes (false). It calls firstFailed when the first
// attempt was not accepted.
func (s *Server) deliver(d delivery, firstFailed func()) bool {
	delay := s.opts.RetryDelay
	attempts := s.opts.Retries
	if d.attempts > 0 && d.attempts < attempts {
		attempts = d.attempts
	}
	for attempt := 1; attempt <= attempts; attempt++ {
		req, err := d.build(s.ctx)
		if err != nil {
			s.logf("%s: %v", d.name, err)
			return false
		}
		resp, err := s.opts.HTTPClient.Do(req)
		if err == nil {
			body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
			resp.Body.Close()
			if d.accepted(resp.StatusCode, string(body)) {
				s.logf("%s: accepted on attempt %d", d.name, attempt)
				return true
			}
			s.logf("%s: attempt %d answered %d %q", d.name, attempt, resp.StatusCode, truncate(string(body), 80))
		} else {
			s.logf("%s: attempt %d: %v", d.name, attempt, err)
		}
		if attempt == 1 {
			firstFailed()
		}
		if attempt == attempts {
			break
		}
		t := time.NewTimer(delay)
		select {
		case <-s.ctx.Done():
			t.Stop()
			return false
		case <-t.C:
		}
		delay *= 2
	}
	s.logf("%s: gave up after %d attempts", d.name, attempts)
	return false
}

// background runs f in a goroutine that Close waits for, unless the
// server is closed (then f does not run and background reports false).
func (s *Server) background(f func()) bool {
	s.mu.Lock()
	closed := s.ctx.Err() != nil
	if !closed {
		s.wg.Add(1)
	}
	s.mu.Unlock()
	if closed {
		return false
	}
	go func() {
		defer s.wg.Done()
		f()
	}()
	return true
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}
