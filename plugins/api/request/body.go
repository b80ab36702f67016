package request

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Source opens the files the command line names ("-" is standard input).
type Source interface {
	// Open returns the content of name.
	Open(name string) (io.ReadCloser, error)
	// Size is name's size in bytes, -1 when unknown (stdin, a pipe).
	Size(name string) (int64, error)
}

// MaxFieldFile bounds a file read into a field of a JSON or form body or
// of the query: such a value is held in memory. Multipart file parts and
// --input are streamed whatever their size.
const MaxFieldFile = 16 << 20

// Body is a request body ready to send.
type Body struct {
	// Reader is the body.
	Reader io.Reader
	// GetBody returns a fresh body for a retry; nil when the body cannot be
	// read twice (standard input).
	GetBody     func() (io.Reader, error)
	ContentType string
	// Size is the length in bytes, -1 when unknown.
	Size int64
	// Streamed: the body is read from files while it is sent (multipart
	// files, --input): no overall timeout can bound it.
	Streamed bool
	// JSON is the body of a JSON or form request, for --dry-run.
	JSON []byte
	// Parts describe a multipart body or an input, for --dry-run.
	Parts []string
}

// Query returns the query parameters of fields (file fields read whole),
// added to base.
func Query(base url.Values, fields []Field, src Source) (url.Values, error) {
	q := url.Values{}
	for k, v := range base {
		q[k] = append([]string(nil), v...)
	}
	for _, f := range fields {
		v, err := fieldValue(f, src)
		if err != nil {
			return nil, err
		}
		q.Add(f.Key, v.String())
	}
	return q, nil
}

// CheckStdin rejects a command line that reads standard input twice.
func CheckStdin(fields []Field, input string) error {
	n := 0
	if input == "-" {
		n++
	}
	for _, f := range fields {
		if f.File == "-" {
			n++
		}
	}
	if n > 1 {
		return cmderr.Usagef("standard input can be read once: give at most one of --input - and -F name=@-")
	}
	return nil
}

// fieldValue reads a file field's content (at most MaxFieldFile bytes).
func fieldValue(f Field, src Source) (Field, error) {
	if !f.IsFile() {
		return f, nil
	}
	rc, err := src.Open(f.File)
	if err != nil {
		return f, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, MaxFieldFile+1))
	if err != nil {
		return f, cmderr.Usagef("read %s for field %s: %v", f.File, f.Key, err)
	}
	if len(b) > MaxFieldFile {
		return f, cmderr.Usagef("%s is larger than %d MiB, the most a field's value can hold", f.File, MaxFieldFile>>20).
			WithHint("send a large body with --input FILE, or as a multipart file part")
	}
	f.Value, f.File = string(b), ""
	return f, nil
}

// Build makes the body of r.
func Build(r Routing, input string, src Source) (*Body, error) {
	switch r.Kind {
	case NoBody:
		return nil, nil
	case JSONBody:
		fields := make([]Field, len(r.Body))
		for i, f := range r.Body {
			v, err := fieldValue(f, src)
			if err != nil {
				return nil, err
			}
			fields[i] = v
		}
		obj, err := JSONObject(fields)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(obj); err != nil {
			return nil, fmt.Errorf("encode the JSON body: %w", err)
		}
		return bytesBody(bytes.TrimRight(buf.Bytes(), "\n"), r.ContentType, true), nil
	case FormBody:
		q, err := Query(nil, r.Body, src)
		if err != nil {
			return nil, err
		}
		b := bytesBody([]byte(q.Encode()), r.ContentType, false)
		return b, nil
	case MultipartBody:
		l, err := newMultipartLayout(r.Body, src)
		if err != nil {
			return nil, err
		}
		b := &Body{Reader: l.body(src), ContentType: l.contentType, Size: l.size, Streamed: true}
		if !usesStdin(r.Body) {
			b.GetBody = func() (io.Reader, error) { return l.body(src), nil }
		}
		for _, f := range r.Body {
			if f.IsFile() {
				size, _ := src.Size(f.File)
				b.Parts = append(b.Parts, fmt.Sprintf("%s: file %s (%s)", f.Key, describeFile(f.File), humanSize(size)))
			} else {
				v := f.String()
				if kestra.IsSensitiveHeader(f.Key) {
					v = kestra.Redacted
				}
				b.Parts = append(b.Parts, fmt.Sprintf("%s: %s", f.Key, v))
			}
		}
		return b, nil
	case InputBody:
		size, err := src.Size(input)
		if err != nil {
			return nil, err
		}
		open := func() (io.Reader, error) {
			rc, err := src.Open(input)
			if err != nil {
				return nil, err
			}
			return &sizedReader{ReadCloser: rc, size: size, name: input}, nil
		}
		first, err := open()
		if err != nil {
			return nil, err
		}
		b := &Body{Reader: first, ContentType: r.ContentType, Size: size, Streamed: true,
			Parts: []string{fmt.Sprintf("%s (%s)", describeFile(input), humanSize(size))}}
		if input != "-" {
			b.GetBody = open
		}
		return b, nil
	}
	return nil, errors.New("unknown body kind")
}

func usesStdin(fields []Field) bool {
	for _, f := range fields {
		if f.File == "-" {
			return true
		}
	}
	return false
}

func bytesBody(b []byte, contentType string, isJSON bool) *Body {
	body := &Body{Reader: bytes.NewReader(b), ContentType: contentType, Size: int64(len(b)),
		GetBody: func() (io.Reader, error) { return bytes.NewReader(b), nil }}
	if isJSON {
		body.JSON = b
	} else {
		body.Parts = []string{string(b)}
	}
	return body
}

func describeFile(name string) string {
	if name == "-" {
		return "standard input"
	}
	return name
}

// humanSize is a size in binary units ("unknown size" for -1).
func humanSize(n int64) string {
	switch {
	case n < 0:
		return "unknown size"
	}
	return plugin.Bytes(n)
}

// sizedReader is an input file with its known length: the HTTP client
// sends it as Content-Length, and a file that changes size fails the
// request instead of sending something else.
type sizedReader struct {
	io.ReadCloser
	size int64
	name string
	read int64
}

// Len is the length, -1 when unknown.
func (r *sizedReader) Len() int { return int(r.size) }

func (r *sizedReader) Read(p []byte) (int, error) {
	n, err := r.ReadCloser.Read(p)
	r.read += int64(n)
	if err == io.EOF && r.size >= 0 && r.read != r.size {
		return n, fmt.Errorf("%s changed while it was sent: read %d bytes, expected %d", r.name, r.read, r.size)
	}
	return n, err
}
