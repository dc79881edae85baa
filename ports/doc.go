// Package ports holds the interfaces the application core consumes: a port is
// an interface owned by the core and implemented by an adapter (GORM, memory,
// JWT, disk, S3, ...). Inbound HTTP handlers are adapters, not ports.
//
// Every repository method takes a context first. A repository called with a
// context obtained inside TxRunner.InTx takes part in that transaction.
package ports
