package casework

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// markStreaming also counts as online the members with an open event
// stream, on any instance: presence is a recent heartbeat (old clients) or
// an open stream (live clients), and both the member and the presence lists
// (REST and legacy) show it.
func (s *Service) markStreaming(ctx context.Context, id uuid.UUID, members []Member, now time.Time) ([]Member, error) {
	if s.presence == nil {
		return members, nil
	}
	connected, err := s.presence.Connected(ctx, id, now)
	if err != nil {
		return nil, err
	}
	for i := range members {
		if connected[members[i].Member.UserID] {
			members[i].Online = true
		}
	}
	return members, nil
}
