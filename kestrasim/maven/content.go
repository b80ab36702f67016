package maven

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Content is the deterministic body of a JAR: the AES-CTR keystream of a key
// derived from the coordinate, cut at the configured size. Any range can be
// generated directly (CTR mode seeks), so bodies stream in constant memory
// and Range requests are cheap.
type Content struct {
	block cipher.Block
	size  int64
	etag  string
}

// NewContent returns the content of a coordinate at a size.
func NewContent(coordinate string, size int64) *Content {
	sum := sha256.Sum256([]byte(fmt.Sprintf("kestrasim-jar:%s:%d", coordinate, size)))
	block, err := aes.NewCipher(sum[:16])
	if err != nil {
		panic(err) // a 16-byte key is always valid
	}
	return &Content{block: block, size: size, etag: fmt.Sprintf(`"%x-%d"`, sum[16:24], size)}
}

// Size is the byte length.
func (c *Content) Size() int64 { return c.size }

// ETag identifies the content.
func (c *Content) ETag() string { return c.etag }

// ReadAt implements io.ReaderAt.
func (c *Content) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	if off >= c.size {
		return 0, io.EOF
	}
	n := len(p)
	if rem := c.size - off; int64(n) > rem {
		n = int(rem)
	}
	// Start the keystream at the 16-byte block holding off.
	start := off &^ 15
	skip := int(off - start)
	var iv [16]byte
	binary.BigEndian.PutUint64(iv[8:], uint64(start/16))
	stream := cipher.NewCTR(c.block, iv[:])
	if skip > 0 {
		var head [16]byte
		stream.XORKeyStream(head[:], head[:])
		copied := copy(p[:n], head[skip:])
		if copied < n {
			clear(p[copied:n])
			stream.XORKeyStream(p[copied:n], p[copied:n])
		}
	} else {
		clear(p[:n])
		stream.XORKeyStream(p[:n], p[:n])
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// Reader returns a fresh ReadSeeker over the content.
func (c *Content) Reader() io.ReadSeeker { return io.NewSectionReader(c, 0, c.size) }
