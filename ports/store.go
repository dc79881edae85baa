package ports

// Store bundles one storage adapter's implementations of every repository
// port, so that the whole storage can be swapped in one place (Wire providers,
// tests). Each persistence adapter (memory, GORM on SQLite or PostgreSQL)
// returns one.
type Store struct {
	Tx             TxRunner
	Ping           Pinger
	Users          UserRepository
	Sessions       DjangoSessionStore
	Investigations InvestigationRepository
	Members        MemberRepository
	Entities       EntityRepository
	Links          LinkRepository
	Tags           TagRepository
	Comments       CommentRepository
	Attachments    AttachmentRepository
	// Changes records every change for the event stream and the audit
	// trail; nil records nothing.
	Changes ChangeRecorder
	// Audit reads the audit trail (it is also one of the Changes recorders);
	// nil when the storage keeps none.
	Audit AuditTrail
	// Revocations keeps logged-out tokens and per-user token epochs.
	Revocations TokenRevocations
	// Events is the event log among the Changes recorders (live stream,
	// delta sync); Tickets and Presence serve the stream across instances.
	Events   EventLog
	Tickets  StreamTicketStore
	Presence PresenceStore
}
