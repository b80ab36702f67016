// Package fetch downloads plugin JARs into the plugins directory: each one
// streamed into a hidden partial file while it is hashed, resumed with HTTP
// ranges after a dropped connection, compared with the repository's
// strongest checksum and only then renamed to its final name. Several run
// at once; results come out in list order.
package fetch

import (
	"github.com/kestractl/kestractl/plugins/artifacts/coord"
	"github.com/kestractl/kestractl/plugins/artifacts/store"
)

// Status is what happened to one artifact.
type Status string

// The statuses.
const (
	// Downloaded: fetched, verified and in place.
	Downloaded Status = "downloaded"
	// UpToDate: already present and verified (by its record, or by hashing
	// it against the published checksum).
	UpToDate Status = "up-to-date"
	// Failed: not in place; Err says why.
	Failed Status = "failed"
	// Cancelled: not started, or interrupted (a partial download is kept
	// for the next run).
	Cancelled Status = "cancelled"
)

// Check is how a JAR already present was found complete.
type Check string

// The checks.
const (
	// ByRecord: its size and modification time are those recorded when it
	// was verified; it was not read.
	ByRecord Check = "record"
	// Rehashed: it was read and its digest compared again.
	Rehashed Check = "rehashed"
)

// Result is the outcome for one artifact.
type Result struct {
	// Index is the artifact's position in the list (0-based).
	Index      int
	Coordinate coord.Coordinate
	Status     Status
	// File is the JAR's name in the plugins directory.
	File string
	// Size of the JAR in bytes (when in place).
	Size int64
	// Record is the verified digest (when in place).
	Record store.Record
	// Transferred is how many bytes came over the network.
	Transferred int64
	// Resumed is true when a partial download was continued.
	Resumed bool
	// Check is how an UpToDate result was found in place.
	Check Check
	// Note explains an UpToDate result reached by hashing the file.
	Note     string
	Warnings []string
	Err      error
}

// InPlace reports whether the artifact's JAR is at its final name,
// verified (or, with no published checksum, complete).
func (r Result) InPlace() bool { return r.Status == Downloaded || r.Status == UpToDate }
