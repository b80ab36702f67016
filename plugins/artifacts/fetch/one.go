package fetch

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/kestractl/kestractl/plugins/artifacts/checksum"
	"github.com/kestractl/kestractl/plugins/artifacts/coord"
	"github.com/kestractl/kestractl/plugins/artifacts/maven"
	"github.com/kestractl/kestractl/plugins/artifacts/store"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
)

// bufSize is the copy buffer of one transfer.
const bufSize = 256 << 10

// one fetches one artifact. When there is a verified download to commit,
// it returns the commit too, for the caller to run (and the Result is
// only provisional).
func (f *Fetcher) one(ctx context.Context, i int, job Job) (Result, func() Result) {
	c := job.Coordinate
	res := Result{Index: i, Coordinate: c, File: fileName(c)}
	fail := func(err error) Result {
		res.Status, res.Err = Failed, err
		return res
	}
	if job.Err != nil {
		return fail(job.Err), nil
	}
	if res.File == "" {
		return fail(invalid(c)), nil
	}
	// A JAR whose size and modification time are those recorded when it
	// was verified is trusted without reading it (--verify reads it).
	if !f.opts.Force && !f.opts.Verify {
		if rec, ok := f.dir.Verified(res.File, c.String()); ok && (rec.Verified || !f.opts.RequireChecksums) {
			res.Status, res.Record, res.Size, res.Check = UpToDate, rec, rec.Size, ByRecord
			return res, nil
		}
	}
	exp, err := f.src.Checksum(ctx, c)
	if err != nil {
		return fail(err), nil
	}
	switch {
	case exp.None() && f.opts.RequireChecksums:
		return fail(cmderr.New(cmderr.Generic, "no checksum published for %s (looked for .sha256, .sha512, .sha1 and .md5): refused because of --require-checksums", c)), nil
	case !exp.Verifies() && f.opts.RequireChecksums:
		return fail(cmderr.New(cmderr.Generic, "only an MD5 checksum is published for %s, and MD5 does not count as verification: refused because of --require-checksums", c)), nil
	case exp.None():
		res.Warnings = append(res.Warnings, fmt.Sprintf("no checksum published for %s: it is installed without verification (--require-checksums refuses such artifacts)", c))
	case !exp.Verifies():
		res.Warnings = append(res.Warnings, fmt.Sprintf("only an MD5 checksum is published for %s: it is compared, but catches corruption, not tampering, so the JAR counts as unverified", c))
	}
	if !f.opts.Force {
		r, ok := f.present(res, exp)
		if ok {
			return r, nil
		}
		res = r
	}
	return f.download(ctx, res, exp)
}

// present checks a JAR already at its final name whose record could not
// vouch for it (missing, or its size or modification time changed: a
// crash may have left it truncated or empty) or when --verify asks: it is
// hashed and compared with the published checksum, else with its record.
// ok means it is in place (res is then final); otherwise res carries why it
// is downloaded again.
func (f *Fetcher) present(res Result, exp checksum.Expected) (Result, bool) {
	c := res.Coordinate
	fi, ok := f.dir.Regular(res.File)
	if !ok {
		return res, false
	}
	rec, recorded := f.dir.Recorded(res.File, c.String())
	want, against := exp, "the published "+exp.Algorithm.Title()+" checksum"
	if exp.None() {
		if !recorded {
			res.Warnings = append(res.Warnings, fmt.Sprintf("%s has no record and no checksum is published to check it against: downloading it again", res.File))
			return res, false
		}
		want, against = checksum.Expected{Algorithm: rec.Algorithm, Hex: rec.Digest}, "its recorded "+rec.Algorithm.Title()
	}
	h := want.Algorithm.New()
	n, err := f.dir.HashFile(res.File, h)
	if err == nil && want.Matches(h.Sum(nil)) {
		verified := exp.Verifies()
		if exp.None() {
			verified = rec.Verified
		}
		rec, err := f.dir.Record(res.File, store.Record{Coordinate: c.String(), Algorithm: want.Algorithm, Digest: want.Hex, Verified: verified})
		if err != nil {
			res.Warnings = append(res.Warnings, err.Error())
		}
		res.Status, res.Record, res.Size, res.Check = UpToDate, rec, n, Rehashed
		res.Note = "re-hashed: it matches " + against
		return res, true
	}
	why := "does not match " + against
	switch {
	case err != nil:
		why = fmt.Sprintf("cannot be read (%v)", err)
	case fi.Size() == 0:
		why = "is empty"
	case recorded && fi.Size() < rec.Size:
		why = fmt.Sprintf("is truncated (%d of %d bytes)", fi.Size(), rec.Size)
	}
	res.Warnings = append(res.Warnings, fmt.Sprintf("%s %s: downloading it again", res.File, why))
	return res, false
}

// invalid is the error of a job whose coordinate names no file.
func invalid(c coord.Coordinate) error {
	return fmt.Errorf("invalid plugin coordinate %q", c.String())
}

// download transfers, verifies and commits the JAR. A checksum mismatch
// after a resumed transfer is retried once from the start: the old partial
// bytes may be the bad ones.
func (f *Fetcher) download(ctx context.Context, res Result, exp checksum.Expected) (Result, func() Result) {
	c := res.Coordinate
	alg := exp.Algorithm
	if exp.None() {
		alg = checksum.Local // recorded, so later runs can tell the file is unchanged
	}
	fresh := f.opts.Force
	for pass := 0; ; pass++ {
		sum, n, t, err := f.transfer(ctx, res.Index, c, res.File, alg, fresh)
		res.Transferred += t.transferred
		res.Resumed = res.Resumed || t.resumed
		if err != nil {
			res.Status, res.Err = Failed, err
			return res, nil
		}
		if exp.None() || exp.Matches(sum) {
			return res, func() Result {
				return f.commit(res, store.Record{Coordinate: c.String(), Algorithm: alg, Digest: hex.EncodeToString(sum), Verified: exp.Verifies()}, n)
			}
		}
		if err := f.dir.RemovePart(res.File); err != nil {
			res.Warnings = append(res.Warnings, err.Error())
		}
		if t.resumed && pass == 0 {
			res.Warnings = append(res.Warnings, fmt.Sprintf("checksum mismatch for %s after resuming a partial download: downloaded it again from the start", c))
			fresh = true
			continue
		}
		res.Status = Failed
		res.Err = cmderr.New(cmderr.Generic, "checksum mismatch for %s: expected %s %s, got %s", c, alg.Title(), exp.Hex, hex.EncodeToString(sum))
		return res, nil
	}
}

// commit moves a verified partial download to its final name and records
// its size, modification time and digest: a later run that finds the file
// changed (a crash may leave it truncated or empty) checks it again. With
// --sync the file is first forced to disk. It runs apart from the
// transfers (see Run), so that the disk writes while the network reads.
func (f *Fetcher) commit(res Result, rec store.Record, size int64) Result {
	if f.opts.Sync {
		if err := f.dir.SyncPart(res.File); err != nil {
			res.Status, res.Err = Failed, err
			return res
		}
	}
	if err := f.dir.Commit(res.File); err != nil {
		res.Status, res.Err = Failed, err
		return res
	}
	rec, err := f.dir.Record(res.File, rec)
	if err != nil {
		res.Warnings = append(res.Warnings, err.Error())
	}
	res.Status, res.Record, res.Size = Downloaded, rec, size
	return res
}

type transferStats struct {
	transferred int64
	resumed     bool
}

// transfer streams the JAR into its partial file, continuing what is there
// unless fresh, resuming after dropped connections and stalls. It returns
// the digest and size of the whole file.
func (f *Fetcher) transfer(ctx context.Context, i int, c coord.Coordinate, file string, alg checksum.Algorithm, fresh bool) ([]byte, int64, transferStats, error) {
	var st transferStats
	part, err := f.dir.OpenPart(file)
	if err != nil {
		return nil, 0, st, err
	}
	defer part.Close()
	h := alg.New()
	var off int64
	restart := func() error {
		off = 0
		h.Reset()
		if err := part.Truncate(0); err != nil {
			return fmt.Errorf("write failed: %w", err)
		}
		return nil
	}
	if fresh {
		if err := restart(); err != nil {
			return nil, 0, st, err
		}
	} else if off, err = io.Copy(h, part); err != nil {
		return nil, 0, st, fmt.Errorf("cannot read the partial download of %s: %w", file, err)
	}
	if off > 0 {
		st.resumed = true
		f.notice(i, fmt.Sprintf("resuming %s from %d bytes already downloaded", c, off))
	}
	buf := make([]byte, bufSize)
	started := false
	attempts := 0 // attempts cut short or stalled
	for {
		actx, cancel := context.WithCancel(ctx)
		body, err := f.src.Open(actx, c, off)
		if errors.Is(err, maven.ErrRangeNotSatisfiable) && off > 0 {
			cancel()
			// The partial file is as long as the JAR, or longer: start over.
			if err := restart(); err != nil {
				return nil, 0, st, err
			}
			continue
		}
		if err != nil {
			cancel()
			return nil, 0, st, err
		}
		if body.Offset != off {
			// The repository ignored the range and sends the whole file.
			if err := restart(); err != nil {
				body.Close()
				cancel()
				return nil, 0, st, err
			}
		}
		if !started && f.opts.Observer != nil {
			f.opts.Observer.Started(i, body.Size, off)
		}
		started = true
		n, rerr, werr := f.copy(actx, cancel, part, off, h, body, i, buf)
		body.Close()
		stalled := actx.Err() != nil && ctx.Err() == nil
		cancel()
		off += n
		st.transferred += n
		if werr != nil {
			return nil, 0, st, fmt.Errorf("write failed: %w", werr)
		}
		if rerr == nil && body.Size >= 0 && off != body.Size {
			rerr = fmt.Errorf("the connection closed after %d of %d bytes", off, body.Size)
		}
		if rerr == nil {
			break
		}
		if ctx.Err() != nil {
			return nil, 0, st, ctx.Err()
		}
		if stalled {
			rerr = fmt.Errorf("no data received for %s", f.opts.IdleTimeout)
		}
		attempts++
		if attempts >= f.opts.MaxAttempts {
			return nil, 0, st, cmderr.Wrap(cmderr.Unavailable, fmt.Errorf("download %s: %w (gave up after %d attempts; run again to resume from byte %d)", c, rerr, attempts, off))
		}
		st.resumed = true
		wait := kestra.Backoff(attempts)
		f.notice(i, fmt.Sprintf("%s: %v; resuming at byte %d in %s (attempt %d/%d)", c, rerr, off, wait.Round(10*time.Millisecond), attempts+1, f.opts.MaxAttempts))
		if err := f.opts.Sleep(ctx, wait); err != nil {
			return nil, 0, st, err
		}
	}
	if err := part.Close(); err != nil {
		return nil, 0, st, fmt.Errorf("failed to close file: %w", err)
	}
	return h.Sum(nil), off, st, nil
}

// copy writes body into part at off and through h. A read that waits
// longer than the idle timeout cancels the request (stall). It returns the
// bytes written, and the read or the write error.
func (f *Fetcher) copy(ctx context.Context, cancel context.CancelFunc, part *os.File, off int64, h io.Writer, body io.Reader, i int, buf []byte) (int64, error, error) {
	if _, err := part.Seek(off, io.SeekStart); err != nil {
		return 0, nil, err
	}
	idle := time.AfterFunc(f.opts.IdleTimeout, cancel)
	defer idle.Stop()
	var n int64
	for {
		m, rerr := body.Read(buf)
		if m > 0 {
			idle.Reset(f.opts.IdleTimeout)
			if _, err := part.Write(buf[:m]); err != nil {
				return n, nil, err
			}
			h.Write(buf[:m])
			n += int64(m)
			if f.opts.Observer != nil {
				f.opts.Observer.Advanced(i, int64(m))
			}
		}
		if rerr == io.EOF {
			return n, nil, nil
		}
		if rerr != nil {
			if ctx.Err() != nil {
				return n, ctx.Err(), nil
			}
			return n, rerr, nil
		}
	}
}

func (f *Fetcher) notice(i int, msg string) {
	if f.opts.Observer != nil {
		f.opts.Observer.Notice(i, msg)
	}
}
