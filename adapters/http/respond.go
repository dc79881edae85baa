package httpapi

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"
)

const contentTypeJSON = "application/json; charset=utf-8"

// internalErrorJSON is written when a response cannot be encoded; it is
// constant so that writing it cannot fail the same way.
var internalErrorJSON = []byte(`{"error":"Internal server error","code":"internal_error"}`)

// writeJSON encodes v without HTML escaping (so "<", ">" and "&" stay as
// they are, as Django writes them) and without a trailing newline. Gin's
// renderer escapes HTML and cannot be told otherwise, hence this helper.
func writeJSON(c *gin.Context, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	body := internalErrorJSON
	if err := enc.Encode(v); err == nil {
		body = bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	} else {
		status = http.StatusInternalServerError
		_ = c.Error(err) // the access log reports it
	}
	c.Data(status, contentTypeJSON, body)
}

// message is the body of the many responses that only say what was done.
type message struct {
	Message string `json:"message"`
}

func writeMessage(c *gin.Context, status int, text string) {
	writeJSON(c, status, message{Message: text})
}
