package httpapi_test

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"mime/multipart"
	"net/textproto"
	"strconv"
	"testing"
)

// testBoundary is the boundary of every multipart body the tests build, so
// that bodies can be written by hand (and fuzzed) too.
const testBoundary = "enqueteTestBoundary7MA4YWxk"

const multipartType = "multipart/form-data; boundary=" + testBoundary

// formPart is one part of a multipart/form-data body; an empty filename
// makes it a plain field.
type formPart struct {
	field, filename, contentType string
	content                      []byte
}

// multipartBody builds a body of parts, delimited by testBoundary.
func multipartBody(parts ...formPart) string {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if err := w.SetBoundary(testBoundary); err != nil {
		panic(err)
	}
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		disposition := `form-data; name="` + p.field + `"`
		if p.filename != "" {
			disposition += `; filename="` + p.filename + `"`
		}
		h.Set("Content-Disposition", disposition)
		if p.contentType != "" {
			h.Set("Content-Type", p.contentType)
		}
		pw, err := w.CreatePart(h)
		if err != nil {
			panic(err)
		}
		pw.Write(p.content)
	}
	w.Close()
	return buf.String()
}

// fileForm is a body with one file; the client claims it is text/plain,
// which the server must not believe.
func fileForm(field, filename string, content []byte) string {
	return multipartBody(formPart{field: field, filename: filename, contentType: "text/plain", content: content})
}

// upload posts one file as multipart/form-data.
func (ts *testServer) upload(path, token, field, filename string, content []byte) response {
	ts.t.Helper()
	return ts.send(request{method: "POST", path: path, token: token, body: fileForm(field, filename, content), contentType: multipartType})
}

// Real images of every accepted type, encoded by the standard library.

func testImage() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 8, 6))
	for x := range 8 {
		for y := range 6 {
			img.Set(x, y, color.RGBA{uint8(30 * x), uint8(40 * y), 200, 255})
		}
	}
	return img
}

func pngBytes(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, testImage()); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func jpegBytes(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, testImage(), nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gifBytes(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := gif.Encode(&buf, testImage(), nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// webpBytes is a RIFF/WEBP container with a VP8L chunk header: what content
// sniffing looks at. The standard library has no WebP encoder.
func webpBytes() []byte {
	chunk := []byte("VP8L\x05\x00\x00\x00\x2f\x00\x00\x00\x00\x00")
	var buf bytes.Buffer
	buf.WriteString("RIFF")
	binary.Write(&buf, binary.LittleEndian, uint32(4+len(chunk)))
	buf.WriteString("WEBP")
	buf.Write(chunk)
	return buf.Bytes()
}

func itoa(n int) string { return strconv.Itoa(n) }
