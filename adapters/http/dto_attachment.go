package httpapi

import (
	"github.com/enquete/enquete/adapters/http/isotime"
	"github.com/enquete/enquete/ports"
)

// attachmentJSON is the Attachment object of API.md. size and sha256 are
// null for a file Django uploaded that nobody has downloaded yet: its digest
// is computed (and its size recorded) on first read.
type attachmentJSON struct {
	ID         string  `json:"id"`
	Filename   string  `json:"filename"`
	FileType   string  `json:"file_type"`
	Size       *int64  `json:"size"`
	SHA256     *string `json:"sha256"`
	UploadedBy string  `json:"uploaded_by"`
	UploadedAt string  `json:"uploaded_at"`
	URL        string  `json:"url"`
}

type attachmentsResponse struct {
	Attachments []attachmentJSON `json:"attachments"`
}

// toAttachmentJSON converts a view; url is the REST download path, built
// from the ids in canonical (lower-case) form whatever the request used.
func toAttachmentJSON(a actorEntity, v ports.AttachmentView) attachmentJSON {
	att := v.Attachment
	out := attachmentJSON{
		ID: att.ID.String(), Filename: att.Filename, FileType: att.FileType,
		UploadedBy: v.UploadedByUsername, UploadedAt: isotime.Format(att.UploadedAt),
		URL: "/api/investigations/" + a.InvestigationID.String() + "/entities/" + a.entityID.String() +
			"/attachments/" + att.ID.String() + "/download",
	}
	if att.SHA256 != "" {
		size, sum := att.Size, att.SHA256
		out.Size, out.SHA256 = &size, &sum
	}
	return out
}

func toAttachmentsResponse(a actorEntity, views []ports.AttachmentView) attachmentsResponse {
	out := make([]attachmentJSON, len(views))
	for i, v := range views {
		out[i] = toAttachmentJSON(a, v)
	}
	return attachmentsResponse{Attachments: out}
}
