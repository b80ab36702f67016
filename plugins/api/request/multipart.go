package request

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"io"
	"mime/multipart"
	"net/textproto"
	"path/filepath"
	"strings"
)

// multipartBody is a multipart/form-data body read straight from its parts:
// the bytes around the content (boundaries, part headers, text values) are
// rendered once, and each file is opened when the body reaches it and
// closed at its end, so a file of any size is streamed from disk, never
// held in memory. When every file's size is known, the body knows its
// length (the request gets a Content-Length).
type multipartBody struct {
	segments []segment
	src      Source
	size     int64

	i      int
	cur    io.Reader
	closer io.Closer
	read   int64 // bytes read from the current file
}

// segment is either fixed bytes or a file.
type segment struct {
	data []byte
	file string
	name string // field name, for errors
	size int64  // file size, -1 when unknown
}

// multipartLayout renders the fixed parts of a body holding fields.
type multipartLayout struct {
	boundary    string
	contentType string
	segments    []segment
	size        int64
}

func newMultipartLayout(fields []Field, src Source) (*multipartLayout, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	boundary := "kestractl-" + strings.ToLower(rand.Text())
	if err := w.SetBoundary(boundary); err != nil {
		return nil, fmt.Errorf("multipart boundary: %w", err)
	}
	l := &multipartLayout{boundary: boundary, contentType: w.FormDataContentType()}
	var total int64
	known := true
	for _, f := range fields {
		if !f.IsFile() {
			if err := w.WriteField(f.Key, f.String()); err != nil {
				return nil, fmt.Errorf("multipart field %s: %w", f.Key, err)
			}
			continue
		}
		size, err := src.Size(f.File)
		if err != nil {
			return nil, err
		}
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="%s"; filename="%s"`, escapeQuotes(f.Key), escapeQuotes(fileName(f.File))))
		h.Set("Content-Type", "application/octet-stream")
		if _, err := w.CreatePart(h); err != nil {
			return nil, fmt.Errorf("multipart part %s: %w", f.Key, err)
		}
		l.segments = append(l.segments, segment{data: bytes.Clone(buf.Bytes())})
		total += int64(buf.Len())
		buf.Reset()
		l.segments = append(l.segments, segment{file: f.File, name: f.Key, size: size})
		if size < 0 {
			known = false
		}
		total += max(size, 0)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("multipart trailer: %w", err)
	}
	l.segments = append(l.segments, segment{data: bytes.Clone(buf.Bytes())})
	total += int64(buf.Len())
	l.size = total
	if !known {
		l.size = -1
	}
	return l, nil
}

// fileName is the part's file name: the file's base name ("-" is stdin).
func fileName(p string) string {
	if p == "-" {
		return "stdin"
	}
	return filepath.Base(p)
}

func escapeQuotes(s string) string {
	return strings.NewReplacer("\\", "\\\\", `"`, "\\\"", "\r", "%0D", "\n", "%0A").Replace(s)
}

// body returns a fresh reader of the layout.
func (l *multipartLayout) body(src Source) *multipartBody {
	return &multipartBody{segments: l.segments, src: src, size: l.size}
}

// Len is the body's length, -1 when a file's size is unknown. The HTTP
// client sends it as Content-Length.
func (b *multipartBody) Len() int { return int(b.size) }

func (b *multipartBody) Read(p []byte) (int, error) {
	for {
		if b.cur == nil {
			if b.i >= len(b.segments) {
				return 0, io.EOF
			}
			s := b.segments[b.i]
			if s.file == "" {
				b.cur = bytes.NewReader(s.data)
			} else {
				rc, err := b.src.Open(s.file)
				if err != nil {
					return 0, err
				}
				b.cur, b.closer, b.read = rc, rc, 0
			}
		}
		n, err := b.cur.Read(p)
		b.read += int64(n)
		if err == io.EOF {
			if err := b.endSegment(); err != nil {
				return n, err
			}
			if n > 0 {
				return n, nil
			}
			continue
		}
		return n, err
	}
}

// endSegment closes a finished file and checks it had the size announced.
func (b *multipartBody) endSegment() error {
	s := b.segments[b.i]
	b.i++
	b.cur = nil
	if b.closer != nil {
		err := b.closer.Close()
		b.closer = nil
		if err != nil {
			return fmt.Errorf("read %s: %w", s.file, err)
		}
	}
	if s.file != "" && s.size >= 0 && b.read != s.size {
		return fmt.Errorf("%s changed while it was sent: read %d bytes, expected %d", s.file, b.read, s.size)
	}
	return nil
}

// Close releases the file being read, if any.
func (b *multipartBody) Close() error {
	if b.closer != nil {
		err := b.closer.Close()
		b.closer = nil
		return err
	}
	return nil
}
