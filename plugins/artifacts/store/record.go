package store

import (
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/kestractl/kestractl/plugins/artifacts/checksum"
)

// Record says a JAR was downloaded completely and checked: its digest, and
// the size and modification time it had then (a changed file no longer
// matches its record).
type Record struct {
	// Coordinate is groupId:artifactId:version.
	Coordinate string `json:"coordinate"`
	// Algorithm and Digest are the file's digest.
	Algorithm checksum.Algorithm `json:"algorithm"`
	Digest    string             `json:"digest"`
	// Verified is true when Digest matched the repository's published
	// checksum; false when the repository published none.
	Verified bool  `json:"verified"`
	Size     int64 `json:"size"`
	// ModTime is the file's modification time in Unix nanoseconds.
	ModTime int64 `json:"modTime"`
}

// Marshal encodes the record.
func (r Record) Marshal() ([]byte, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("encode record: %w", err)
	}
	return append(b, '\n'), nil
}

// maxRecord bounds a record file.
const maxRecord = 4 << 10

// ParseRecord decodes and checks a record.
func ParseRecord(b []byte) (Record, error) {
	if len(b) > maxRecord {
		return Record{}, fmt.Errorf("record too large")
	}
	var r Record
	if err := json.Unmarshal(b, &r); err != nil {
		return Record{}, fmt.Errorf("invalid record: %w", err)
	}
	if !r.Algorithm.Valid() {
		return Record{}, fmt.Errorf("invalid record: unknown algorithm %q", r.Algorithm)
	}
	if d, err := hex.DecodeString(r.Digest); err != nil || len(r.Digest) != r.Algorithm.HexLen() || len(d) == 0 {
		return Record{}, fmt.Errorf("invalid record: bad %s digest", r.Algorithm)
	}
	if r.Size < 0 || r.Coordinate == "" {
		return Record{}, fmt.Errorf("invalid record: missing size or coordinate")
	}
	return r, nil
}
