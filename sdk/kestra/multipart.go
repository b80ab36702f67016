package kestra

import (
	"bufio"
	"crypto/rand"
	"fmt"
	"io"
	"mime/multipart"
	"net/textproto"
	"strings"
	"sync"
)

// FilePart is the single file part of a streamed multipart/form-data body
// (e.g. Kestra's fileContent).
type FilePart struct {
	// Field is the form field name.
	Field string
	// FileName is the part's filename.
	FileName string
	// ContentType of the part (default application/octet-stream).
	ContentType string
	// Size is the exact number of bytes Open's reader yields, or -1 when
	// unknown. A known size gives the request a Content-Length; a reader
	// that yields a different count then fails the request instead of
	// sending a truncated or padded file.
	Size int64
	// Open returns the content. It is called once per attempt (a retried
	// request reads the file again); the body closes what it returns.
	Open func() (io.ReadCloser, error)
}

// SetMultipartFile sets a multipart/form-data body holding p, streamed from
// p.Open through a pipe: the content is never held in memory, whatever its
// size. The body can be replayed (each attempt opens the content again).
func (r *Request) SetMultipartFile(p FilePart) error {
	boundary := rand.Text() + rand.Text()
	head, tail, err := multipartFrame(boundary, p)
	if err != nil {
		return err
	}
	newBody := func() *multipartBody {
		return &multipartBody{head: head, tail: tail, part: p}
	}
	r.Body = newBody()
	r.GetBody = func() (io.Reader, error) { return newBody(), nil }
	r.ContentType = "multipart/form-data; boundary=" + boundary
	return nil
}

// multipartFrame renders the bytes before and after the content.
func multipartFrame(boundary string, p FilePart) (head, tail []byte, err error) {
	var buf strings.Builder
	w := multipart.NewWriter(&buf)
	if err := w.SetBoundary(boundary); err != nil {
		return nil, nil, fmt.Errorf("multipart boundary: %w", err)
	}
	ct := p.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="%s"; filename="%s"`, escapeQuotes(p.Field), escapeQuotes(p.FileName)))
	h.Set("Content-Type", ct)
	if _, err := w.CreatePart(h); err != nil {
		return nil, nil, fmt.Errorf("multipart header: %w", err)
	}
	head = []byte(buf.String())
	buf.Reset()
	if err := w.Close(); err != nil {
		return nil, nil, fmt.Errorf("multipart trailer: %w", err)
	}
	return head, []byte(buf.String()), nil
}

var quoteEscaper = strings.NewReplacer("\\", "\\\\", `"`, "\\\"", "\r", "%0D", "\n", "%0A")

func escapeQuotes(s string) string { return quoteEscaper.Replace(s) }

// pipeChunk is the most a pipe hand-over carries. The HTTP transport reads
// bodies 32 KiB at a time; buffering both ends of the pipe in large chunks
// makes a hand-over between goroutines (costly on a loaded machine) rare.
const pipeChunk = 1 << 20

// multipartBody streams head, the content and tail through a pipe. The
// writing goroutine starts on the first Read, so a body that is never sent
// starts nothing; Close stops it and closes the content.
type multipartBody struct {
	head, tail []byte
	part       FilePart

	once sync.Once
	pr   *io.PipeReader
	br   *bufio.Reader
}

// chunk is the hand-over size: pipeChunk, or less for a small body.
func (b *multipartBody) chunk() int {
	if n := b.Len(); n >= 0 && n < pipeChunk {
		return max(n, 16)
	}
	return pipeChunk
}

// Len is the body's total length when the content size is known (the
// client then sends a Content-Length), else -1.
func (b *multipartBody) Len() int {
	if b.part.Size < 0 {
		return -1
	}
	return len(b.head) + int(b.part.Size) + len(b.tail)
}

func (b *multipartBody) start() {
	pr, pw := io.Pipe()
	b.pr = pr
	b.br = bufio.NewReaderSize(pr, b.chunk())
	go func() {
		pw.CloseWithError(b.write(pw))
	}()
}

func (b *multipartBody) write(w io.Writer) error {
	rc, err := b.part.Open()
	if err != nil {
		return fmt.Errorf("open %s: %w", b.part.FileName, err)
	}
	defer rc.Close()
	if _, err := w.Write(b.head); err != nil {
		return err
	}
	// Hide any WriterTo of the content so that the chunk-sized buffer is
	// used (a file's WriterTo would copy 32 KiB at a time).
	n, err := io.CopyBuffer(w, struct{ io.Reader }{rc}, make([]byte, b.chunk()))
	if err != nil {
		return fmt.Errorf("read %s: %w", b.part.FileName, err)
	}
	if b.part.Size >= 0 && n != b.part.Size {
		return fmt.Errorf("%s changed while it was uploaded: read %d bytes, expected %d", b.part.FileName, n, b.part.Size)
	}
	_, err = w.Write(b.tail)
	return err
}

func (b *multipartBody) Read(p []byte) (int, error) {
	b.once.Do(b.start)
	return b.br.Read(p)
}

// Close stops the writer (if it started) and releases the content.
func (b *multipartBody) Close() error {
	b.once.Do(func() {})
	if b.pr != nil {
		return b.pr.Close()
	}
	return nil
}
