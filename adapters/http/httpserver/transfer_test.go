package httpserver_test

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/enquete/enquete/adapters/http/httpserver"
	"github.com/gin-gonic/gin"
)

// slowBody sends n chunks with a pause before each, as a client on a slow
// link uploading a large file does.
type slowBody struct {
	n     int
	pause time.Duration
}

func (b *slowBody) Read(p []byte) (int, error) {
	if b.n == 0 {
		return 0, io.EOF
	}
	b.n--
	time.Sleep(b.pause)
	return copy(p, "chunk"), nil
}

// TestUploadsOutliveReadTimeout: the server's ReadTimeout, set for API
// calls, cuts a slow body on an API route but not on an upload route,
// whose connection deadline the router lengthens.
func TestUploadsOutliveReadTimeout(t *testing.T) {
	h, _, _ := newRouter(t)
	read := func(c *gin.Context) {
		b, err := io.ReadAll(c.Request.Body)
		if err != nil {
			c.String(http.StatusBadRequest, "cut")
			return
		}
		c.String(http.StatusOK, "%d", len(b))
	}
	h.POST("/t/entities/:e/attachments", read)
	h.POST("/t/entities/:e/comments", read)
	addr, _, _ := serve(t, h, httpserver.Config{ReadTimeout: 200 * time.Millisecond, WriteTimeout: 5 * time.Second})
	post := func(path string) (int, string, error) {
		req, _ := http.NewRequest("POST", "http://"+addr+path, &slowBody{n: 6, pause: 250 * time.Millisecond})
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), nil
	}
	if status, body, err := post("/t/entities/1/attachments"); err != nil || status != http.StatusOK || body != "30" {
		t.Errorf("slow upload: %d %q %v; want 200 and the 30 bytes", status, body, err)
	}
	if status, _, err := post("/t/entities/1/comments"); err == nil && status == http.StatusOK {
		t.Errorf("slow body on an API route: %d; want it cut by ReadTimeout", status)
	}
}
