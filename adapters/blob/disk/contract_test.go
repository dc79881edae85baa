package disk_test

import (
	"testing"

	"github.com/enquete/enquete/adapters/blob/disk"
	"github.com/enquete/enquete/ports"
	"github.com/enquete/enquete/ports/porttest/blobtest"
)

// TestContract runs the BlobStore contract shared with the S3 adapter.
func TestContract(t *testing.T) {
	blobtest.Run(t, func(t *testing.T) ports.BlobStore {
		s, err := disk.New(t.TempDir())
		if err != nil {
			t.Fatalf("New() = %v", err)
		}
		return s
	})
}
