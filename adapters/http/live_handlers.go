package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/enquete/enquete/adapters/http/isotime"
	appidentity "github.com/enquete/enquete/application/identity"
	applive "github.com/enquete/enquete/application/live"
	"github.com/enquete/enquete/domain/fault"
	"github.com/gin-gonic/gin"
)

// retryHint is the reconnection delay EventSource is told (ms).
const retryHint = 3000

// liveRoutes are the event stream and its tickets. The stream is on api,
// not behind authenticate: besides the router's authenticators it takes a
// ticket in the query string, since EventSource cannot send headers.
func (s *server) liveRoutes(api, inv *gin.RouterGroup) {
	if s.live == nil {
		return
	}
	api.GET("/investigations/:id/events", s.streamAuth, s.stream)
	inv.POST("/events/ticket", s.issueTicket)
}

type ticketResponse struct {
	Ticket    string `json:"ticket"`
	ExpiresAt string `json:"expires_at"`
}

func (s *server) issueTicket(c *gin.Context) {
	p, id, ok := s.caller(c)
	if !ok {
		return
	}
	t, err := s.live.IssueTicket(c.Request.Context(), id, p.UserID)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusCreated, ticketResponse{Ticket: t.Token, ExpiresAt: isotime.Format(t.ExpiresAt)})
}

// streamAuth redeems ?ticket= when present, and otherwise authenticates as
// every other route does, or with the Django session cookie: a page of the
// Django frontend opens its EventSource on the same origin, which sends the
// cookie. Cookie auth is safe here where it would not be on the REST API's
// writes: the route only reads, and CORS never lets another origin read it
// with credentials.
func (s *server) streamAuth(c *gin.Context) {
	token, ok := c.GetQuery("ticket")
	if !ok {
		s.authenticateWith(c, append(s.auth[:len(s.auth):len(s.auth)], sessionAuthenticator{identity: s.identity}))
		return
	}
	id, ok := s.pathUUID(c, "id")
	if !ok {
		return
	}
	userID, err := s.live.RedeemTicket(c.Request.Context(), id, token)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Set(keyPrincipal, appidentity.Principal{UserID: userID})
	c.Next()
}

// sessionAuthenticator reads Django's sessionid cookie (the last one, as
// Django's cookie parser keeps the last of duplicate names).
type sessionAuthenticator struct {
	identity *appidentity.Service
}

func (sessionAuthenticator) credential(r *http.Request) (string, bool) {
	cookies := r.CookiesNamed("sessionid")
	if len(cookies) == 0 || cookies[len(cookies)-1].Value == "" {
		return "", false
	}
	return cookies[len(cookies)-1].Value, true
}

func (a sessionAuthenticator) resolve(ctx context.Context, key string) (appidentity.Principal, error) {
	return a.identity.AuthenticateSession(ctx, key)
}

func (sessionAuthenticator) rejection() string { return "Invalid session" }

// lastEventID reads where to resume: the Last-Event-ID header EventSource
// sends when it reconnects, or ?last_event_id= for a first connection.
func lastEventID(c *gin.Context) (*int64, error) {
	raw := c.GetHeader("Last-Event-ID")
	if raw == "" {
		raw = c.Query("last_event_id")
	}
	if raw == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || n < 0 {
		return nil, fault.Invalid("Last-Event-ID", "must be the id of an event")
	}
	return &n, nil
}

// stream serves GET /api/investigations/:id/events as server-sent events.
func (s *server) stream(c *gin.Context) {
	p, id, ok := s.caller(c)
	if !ok {
		return
	}
	resume, err := lastEventID(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	feed, err := s.live.Open(ctx, id, p.UserID, resume)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer feed.Close()
	s.metrics.StreamOpened()
	defer s.metrics.StreamClosed()

	// The server's WriteTimeout is meant for API calls; a stream lives on.
	rc := http.NewResponseController(c.Writer)
	_ = rc.SetWriteDeadline(time.Time{})
	h := c.Writer.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-cache, no-transform")
	h.Set("X-Accel-Buffering", "no") // nginx would hold the events back
	c.Status(http.StatusOK)
	w := &sseWriter{w: c.Writer, rc: rc}
	w.printf("retry: %d\n: connected\n\n", retryHint)
	tick := time.NewTicker(s.live.KeepAlive())
	defer tick.Stop()
	for w.err == nil {
		ev, err := feed.Next(ctx, tick.C)
		switch {
		case err == nil:
			w.write(ev.Render(func() []byte { return s.frame(ev) }))
		case errors.Is(err, applive.ErrKeepAlive):
			if err := feed.Check(ctx); err != nil {
				s.endStream(c, err)
				return
			}
			w.printf(": keep-alive\n\n")
		default:
			s.endStream(c, err)
			return
		}
	}
}

// endStream logs why a stream ended when it is worth knowing.
func (s *server) endStream(c *gin.Context, err error) {
	switch {
	case errors.Is(err, applive.ErrRevoked), errors.Is(err, applive.ErrGone), errors.Is(err, applive.ErrClosing),
		errors.Is(err, context.Canceled), fault.KindOf(err) == fault.KindForbidden, fault.KindOf(err) == fault.KindNotFound:
		return
	}
	s.log.WarnContext(c.Request.Context(), "event stream failed", "request_id", requestIDOf(c), "err", err)
}

// sseWriter writes frames and flushes each; the first error sticks.
type sseWriter struct {
	w   gin.ResponseWriter
	rc  *http.ResponseController
	buf bytes.Buffer
	err error
}

func (w *sseWriter) printf(format string, args ...any) {
	w.buf.Reset()
	fmt.Fprintf(&w.buf, format, args...)
	w.write(w.buf.Bytes())
}

func (w *sseWriter) write(frame []byte) {
	if w.err != nil {
		return
	}
	if _, w.err = w.w.Write(frame); w.err == nil {
		w.err = w.rc.Flush()
	}
}

// frame renders an event as one SSE frame. JSON has no raw newline, so the
// data is one line.
func (s *server) frame(ev applive.Event) []byte {
	var b bytes.Buffer
	b.WriteString("id: " + strconv.FormatInt(ev.Seq, 10) + "\nevent: " + ev.Type + "\ndata: ")
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s.toEventJSON(ev)); err != nil { // Encode ends the data line
		s.log.Error("live: cannot encode an event", "type", ev.Type, "seq", ev.Seq, "err", err)
		b.Reset()
		b.WriteString("id: " + strconv.FormatInt(ev.Seq, 10) + "\nevent: " + ev.Type + "\ndata: null\n")
	}
	b.WriteString("\n")
	return b.Bytes()
}
