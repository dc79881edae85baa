package httpapi

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"

	"github.com/enquete/enquete/application/upload"
	"github.com/enquete/enquete/domain/fault"
	"github.com/gin-gonic/gin"
)

// Messages of the upload checks.
const (
	msgNeedMultipart = "Content-Type must be multipart/form-data"
	msgBadMultipart  = "Malformed multipart/form-data body"
)

// multipartOverhead is what a request may carry besides the file itself:
// boundaries, part headers and a few small form fields. The body is cut at
// the file limit plus this, so that bytes outside the file part, which the
// use case's limit never sees, cannot make the server read without end.
const multipartOverhead = 64 << 10

// streamFile finds the file field of a multipart/form-data request and
// returns it as an upload.File whose Body reads the part as it arrives. The
// request is never parsed as a whole: ParseMultipartForm and FormFile would
// hold the file in memory or spool it to a temporary file before the use
// case could check the caller's role or the size. missing is the answer to a
// request without the field (or with an empty file input, which browsers
// send as a part without a file name). The returned partBody translates what
// the use case made of a failed read; see partBody.cause.
func (s *server) streamFile(c *gin.Context, field string, limit int64, missing error) (upload.File, *partBody, bool) {
	part, err := findPart(c, field, limit, missing)
	if err != nil {
		s.fail(c, err)
		return upload.File{}, nil, false
	}
	body := &partBody{part: part, field: field, limit: limit}
	return upload.File{Field: field, Name: part.FileName(), Body: body, Limit: limit}, body, true
}

func findPart(c *gin.Context, field string, limit int64, missing error) (*multipart.Part, error) {
	r := c.Request
	mediaType, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case err != nil || mediaType != "multipart/form-data":
		return nil, fault.Unsupported(msgNeedMultipart)
	case params["boundary"] == "":
		return nil, fault.Invalid("", msgBadMultipart)
	case r.ContentLength > limit+multipartOverhead:
		// Declared too large: refused before a byte is read.
		return nil, tooLarge(limit)
	}
	r.Body = http.MaxBytesReader(c.Writer, r.Body, limit+multipartOverhead)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, fault.Invalid("", msgBadMultipart)
	}
	for {
		part, err := mr.NextPart()
		switch {
		case err == io.EOF:
			return nil, missing
		case err != nil:
			return nil, readFault(err, limit)
		case part.FormName() == field && part.FileName() != "":
			return part, nil
		}
		// Another field: NextPart skips what is left of it, within the cap.
	}
}

// readFault says what a failed read of the request body means for the
// client: beyond the cap 413, anything else (a truncated or garbled body, a
// client gone away) a malformed request.
func readFault(err error, limit int64) error {
	var cut *http.MaxBytesError
	if errors.As(err, &cut) {
		return tooLarge(limit)
	}
	return fault.Invalid("", msgBadMultipart)
}

// tooLarge is every 413 of an upload, whoever noticed: the declared length,
// the cap on the body, or the blob store counting the file's bytes.
func tooLarge(limit int64) error {
	return fault.TooLarge(fmt.Sprintf("File too large: the limit is %d bytes", limit))
}

// partBody is the file part as the use case reads it. A read error becomes a
// fault here, and is remembered: the blob stores may wrap it in their own
// errors (or, for S3, report only that the upload failed), which the error
// table would answer 500, whereas the client's body was at fault.
type partBody struct {
	part  *multipart.Part
	field string
	limit int64
	err   error
}

func (b *partBody) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	n, err := b.part.Read(p)
	if err != nil && err != io.EOF {
		b.err = readFault(err, b.limit)
		return n, b.err
	}
	return n, err
}

// cause is the error to answer for err, what an upload use case returned:
// the body's own fault when a read failed; the one 413 message with the
// limit; else err with the upload package's field names ("file", "photo")
// replaced by the form field the client actually sent.
func (b *partBody) cause(err error) error {
	if b.err != nil {
		return b.err
	}
	f, ok := fault.As(err)
	switch {
	case !ok:
		return err
	case f.Kind == fault.KindTooLarge:
		return tooLarge(b.limit)
	case f.Kind == fault.KindInvalid && f.Field != b.field && (f.Field == "file" || f.Field == "photo"):
		return fault.Invalid(b.field, f.Message)
	}
	return err
}
