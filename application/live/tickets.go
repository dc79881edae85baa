package live

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"time"

	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// Ticket opens one stream of one investigation, once, before ExpiresAt.
type Ticket struct {
	Token     string
	ExpiresAt time.Time
}

// msgInvalidTicket is the one answer to any ticket that does not open the
// stream (unknown, used, expired, or for another investigation).
const msgInvalidTicket = "Invalid or expired ticket"

// IssueTicket gives a member a ticket for the investigation's stream: a
// browser's EventSource cannot send the Authorization header, and a token
// in the URL would be a long-lived credential in logs and histories.
func (s *Service) IssueTicket(ctx context.Context, investigationID uuid.UUID, userID int64) (Ticket, error) {
	if _, err := s.d.Access.Require(ctx, investigationID, userID, ports.PermRead); err != nil {
		return Ticket{}, err
	}
	var secret [32]byte
	if _, err := rand.Read(secret[:]); err != nil {
		return Ticket{}, err
	}
	token := base64.RawURLEncoding.EncodeToString(secret[:])
	expires := s.d.Clock.Now().Add(s.opts.TicketTTL).UTC().Truncate(time.Microsecond)
	t := ports.StreamTicket{InvestigationID: investigationID, UserID: userID, ExpiresAt: expires}
	if err := s.d.Store.Tickets.Save(ctx, ticketHash(token), t); err != nil {
		return Ticket{}, err
	}
	return Ticket{Token: token, ExpiresAt: expires}, nil
}

// RedeemTicket consumes a ticket and returns whom it was issued to; any
// failure is the same unauthenticated fault. Membership is checked again
// when the stream opens.
func (s *Service) RedeemTicket(ctx context.Context, investigationID uuid.UUID, token string) (int64, error) {
	if token == "" || len(token) > 128 {
		return 0, fault.Unauthenticated(msgInvalidTicket)
	}
	t, err := s.d.Store.Tickets.Take(ctx, ticketHash(token))
	if errors.Is(err, fault.ErrNotFound) {
		return 0, fault.Unauthenticated(msgInvalidTicket)
	}
	if err != nil {
		return 0, err
	}
	if t.InvestigationID != investigationID || !s.d.Clock.Now().Before(t.ExpiresAt) {
		return 0, fault.Unauthenticated(msgInvalidTicket)
	}
	return t.UserID, nil
}

func ticketHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
