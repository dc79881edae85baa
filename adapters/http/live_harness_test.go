package httpapi_test

import (
	"bufio"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/enquete/enquete/adapters/auth/djangohash"
	"github.com/enquete/enquete/adapters/auth/djangosession"
	"github.com/enquete/enquete/adapters/auth/jwt"
	httpapi "github.com/enquete/enquete/adapters/http"
	"github.com/enquete/enquete/adapters/persistence/memory"
	"github.com/enquete/enquete/adapters/realtime"
	appboard "github.com/enquete/enquete/application/board"
	appcasework "github.com/enquete/enquete/application/casework"
	appidentity "github.com/enquete/enquete/application/identity"
	applive "github.com/enquete/enquete/application/live"
	"github.com/enquete/enquete/ports"
)

// liveServer is the real router with the live service, served over a real
// listener (httptest.Server) so that streams are read as a client would.
type liveServer struct {
	*testServer
	live *applive.Service
	url  string
}

// newLiveServer serves store with the in-process bus.
func newLiveServer(t testing.TB, opts applive.Options) *liveServer {
	t.Helper()
	return newLiveServerOn(t, memory.NewStore(), realtime.NewLocal(), opts)
}

// newLiveServerOn is one instance on the given storage and bus. Instances
// share the JWT secret, as instances behind one address do.
func newLiveServerOn(t testing.TB, store *ports.Store, bus ports.EventBus, opts applive.Options) *liveServer {
	t.Helper()
	return newLiveServerWith(t, store, bus, opts, nil)
}

// newLiveServerWith is newLiveServerOn with the http.Server configured by
// configure (timeouts) before it starts.
func newLiveServerWith(t testing.TB, store *ports.Store, bus ports.EventBus, opts applive.Options, configure func(*http.Server)) *liveServer {
	t.Helper()
	m := diskMedia(t)
	clock := ports.SystemClock{}
	tokens, err := jwt.New(jwt.Options{Keys: []jwt.Key{{Secret: []byte("test-secret-test-secret-test-secret")}}})
	if err != nil {
		t.Fatalf("jwt.New = %v", err)
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	casework := appcasework.NewService(store, m, clock, log)
	board := appboard.NewService(casework, store, m, clock, log)
	live := applive.NewService(applive.Deps{Store: store, Access: casework, Board: board, Bus: bus, Clock: clock, Log: log}, opts)
	engine := httpapi.NewRouter(httpapi.Deps{
		Identity: appidentity.NewService(store.Users, djangohash.New(1000), tokens,
			djangosession.NewReader(testDjangoSecret, store.Sessions, store.Users, clock), clock),
		Casework: casework, Board: board, Ping: store.Ping, Log: log, Live: live,
		Options: httpapi.Options{MediaURL: "/media/", MaxBodyBytes: testMaxBody},
	})
	srv := httptest.NewUnstartedServer(engine)
	if configure != nil {
		configure(srv.Config)
	}
	srv.Start()
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithCancel(context.Background())
	go live.Run(ctx)
	t.Cleanup(cancel)
	t.Cleanup(live.CloseStreams) // first: streams end, so that srv.Close returns
	ts := &testServer{t: t, engine: engine, store: store, media: m, logs: logs}
	return &liveServer{testServer: ts, live: live, url: srv.URL}
}

// sseEvent is one frame; a comment (keep-alive) has Comment set.
type sseEvent struct {
	ID, Event, Data, Comment string
}

// frame is the JSON data of an event.
type frame struct {
	Seq             int64  `json:"seq"`
	Type            string `json:"type"`
	InvestigationID string `json:"investigation_id"`
	ObjectID        string `json:"object_id"`
	EntityID        string `json:"entity_id"`
	Actor           *struct {
		ID       int64
		Username string
	} `json:"actor"`
	At     string         `json:"at"`
	Object map[string]any `json:"object"`
}

// stream is an open event stream read in the background.
type stream struct {
	t      testing.TB
	resp   *http.Response
	events chan sseEvent
	cancel context.CancelFunc
}

// openStream connects and waits for the first bytes (the retry hint),
// which the server writes once it has subscribed: a change made after
// openStream returns is therefore delivered.
func openStream(t testing.TB, url string, header map[string]string) *stream {
	t.Helper()
	s, status := dialStream(t, url, header)
	if status != http.StatusOK {
		t.Fatalf("GET %s = %d; want 200", url, status)
	}
	return s
}

// dialStream returns the stream (nil unless 200) and the status.
func dialStream(t testing.TB, url string, header map[string]string) (*stream, int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	req.Header.Set("Accept", "text/event-stream")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatalf("GET %s: %v", url, err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		cancel()
		return nil, resp.StatusCode
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Errorf("Content-Type = %q; want text/event-stream", ct)
	}
	s := &stream{t: t, resp: resp, events: make(chan sseEvent, 1024), cancel: cancel}
	first := make(chan string, 1)
	go s.read(first)
	select {
	case line := <-first:
		if line != "retry: 3000" {
			t.Errorf("first line = %q; want the retry hint", line)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("stream sent nothing within 10s")
	}
	t.Cleanup(s.close)
	return s, resp.StatusCode
}

func (s *stream) read(first chan<- string) {
	defer close(s.events)
	sc := bufio.NewScanner(s.resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var ev sseEvent
	started := false
	for sc.Scan() {
		line := sc.Text()
		if !started {
			started = true
			first <- line
		}
		switch {
		case line == "":
			if ev != (sseEvent{}) {
				s.events <- ev
			}
			ev = sseEvent{}
		case strings.HasPrefix(line, ":"):
			ev.Comment = strings.TrimSpace(line[1:])
		default:
			k, v, _ := strings.Cut(line, ": ")
			switch k {
			case "id":
				ev.ID = v
			case "event":
				ev.Event = v
			case "data":
				ev.Data = v
			}
		}
	}
}

func (s *stream) close() {
	s.cancel()
	s.resp.Body.Close()
}

// next returns the next event (comments skipped), failing after 10s.
func (s *stream) next() (sseEvent, frame) {
	s.t.Helper()
	for {
		select {
		case ev, ok := <-s.events:
			if !ok {
				s.t.Fatal("stream ended; want an event")
			}
			if ev.Comment != "" && ev.Event == "" {
				continue
			}
			var f frame
			if err := json.Unmarshal([]byte(ev.Data), &f); err != nil {
				s.t.Fatalf("event %+v: data is not JSON: %v", ev, err)
			}
			if ev.ID != strconv.FormatInt(f.Seq, 10) || ev.Event != f.Type {
				s.t.Errorf("frame id/event %q/%q disagree with data seq/type %d/%q", ev.ID, ev.Event, f.Seq, f.Type)
			}
			return ev, f
		case <-time.After(10 * time.Second):
			s.t.Fatal("no event within 10s")
		}
	}
}

// nextBoard is next, skipping presence events (which other clients'
// connections interleave).
func (s *stream) nextBoard() (sseEvent, frame) {
	s.t.Helper()
	for {
		ev, f := s.next()
		if !strings.HasPrefix(f.Type, "presence.") {
			return ev, f
		}
	}
}

// waitEnd waits for the server to end the stream.
func (s *stream) waitEnd() []sseEvent {
	s.t.Helper()
	var rest []sseEvent
	deadline := time.After(10 * time.Second)
	for {
		select {
		case ev, ok := <-s.events:
			if !ok {
				return rest
			}
			rest = append(rest, ev)
		case <-deadline:
			s.t.Fatal("stream still open after 10s")
		}
	}
}

// eventsURL is the stream URL of an investigation on ls.
func (ls *liveServer) eventsURL(inv string) string {
	return ls.url + "/api/investigations/" + inv + "/events"
}

func bearer(token string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + token}
}
