// Package mbsha512 computes many SHA-512 digests at once: a Hasher runs the
// blocks of up to eight concurrent streams through the compression
// function side by side, one stream per 64-bit lane of an AVX-512 vector
// ("multi-buffer" hashing), about twice the throughput of
// crypto/sha512 on one core. On a CPU without AVX-512 (or a build without
// GOEXPERIMENT=simd) NewHasher returns nil and every digest is
// crypto/sha512's.
//
// A digest's Write copies into the digest's buffer and returns (it waits
// only when the buffer is full); the Hasher's goroutine hashes steps of
// every busy stream together; Sum hashes what is left of its stream on the
// caller's goroutine. A digest is for one goroutine
// at a time, like any hash.Hash. From its first Write until Sum or Reset
// it holds a buffer and counts as a busy stream, whose steps the others
// wait for before a pass: Reset a digest given up midway.
package mbsha512

import (
	"crypto/sha512"
	"hash"
	"runtime"
	"sync"
)

const (
	// Lanes is how many streams one hashing goroutine runs side by side.
	Lanes = 8
	// stepBlocks is how much of each stream one side-by-side pass hashes
	// (64 blocks: 8 KiB).
	stepBlocks = 64
	stepBytes  = stepBlocks * BlockSize
	// ringBytes is each stream's buffer: writers run this far ahead of
	// the hashing before they wait.
	ringBytes = 32 * stepBytes
)

// Hasher hashes the steps of the digests it made. Close it when they are
// no longer written to.
type Hasher struct {
	mu sync.Mutex
	// work wakes the hashing goroutines: a step was buffered, a writer
	// waits, Close.
	work sync.Cond
	// ready holds the digests with at least one step buffered.
	ready map[*digest]struct{}
	// waiting counts writers blocked on the Hasher (a full buffer, Sum,
	// Reset): the next pass need not wait for a full set of lanes.
	waiting int
	// active counts the digests holding a ring (written since their last
	// Sum): a pass waits until every one of them, up to Lanes, has a step
	// ready, so that lanes are not hashed empty.
	active int
	closed bool
	rings  sync.Pool
	single single
	wg     sync.WaitGroup
}

// NewHasher returns a Hasher for about streams concurrent digests, or nil
// when side-by-side hashing would not pay: fewer than three streams, or a
// CPU or build without it. New on a nil Hasher returns crypto/sha512's
// digest.
func NewHasher(streams int) *Hasher {
	if streams < 3 || !lanesSupported() {
		return nil
	}
	h := &Hasher{ready: map[*digest]struct{}{}, single: newSingle()}
	h.work.L = &h.mu
	h.rings.New = func() any { return new([ringBytes]byte) }
	workers := (streams + Lanes - 1) / Lanes
	h.wg.Add(workers)
	for range workers {
		go h.loop()
	}
	return h
}

// New returns a SHA-512 digest whose steps this Hasher computes.
func (h *Hasher) New() hash.Hash {
	if h == nil {
		return sha512.New()
	}
	d := &digest{hs: h}
	d.room.L = &h.mu
	d.h = iv
	return d
}

// Close stops the hashing goroutines once they finish the pass they are
// in. Digests used after Close hash on their writer's goroutine.
func (h *Hasher) Close() {
	if h == nil {
		return
	}
	h.mu.Lock()
	h.closed = true
	h.work.Broadcast()
	for d := range h.ready {
		d.room.Broadcast()
	}
	h.mu.Unlock()
	h.wg.Wait()
}

// maxSteps bounds one pass (32 KiB per lane), so that streams joining
// wait little.
const maxSteps = 4

// lane is one stream's part of a pass.
type lane struct {
	d    *digest
	data []byte
}

// loop runs passes until Close.
func (h *Hasher) loop() {
	defer h.wg.Done()
	var (
		picked [Lanes]lane
		states [Lanes][8]uint64
		data   [Lanes][]byte
		idle   = make([]byte, maxSteps*stepBytes)
	)
	for {
		n, steps, ok := h.pick(&picked)
		if !ok {
			return
		}
		size := steps * stepBytes
		if n == 1 {
			// One lane alone is faster on its own.
			h.single.blocks(&picked[0].d.h, picked[0].data)
		} else {
			for i := range Lanes {
				if i < n {
					states[i] = picked[i].d.h
					data[i] = picked[i].data
				} else {
					data[i] = idle
				}
			}
			blocksLanes(&states, &data, steps*stepBlocks)
			for i := range n {
				picked[i].d.h = states[i]
			}
		}
		h.mu.Lock()
		for i := range n {
			d := picked[i].d
			d.busy = false
			d.head = (d.head + size) % ringBytes
			d.n -= size
			if d.n < stepBytes {
				delete(h.ready, d)
			}
			if d.waiting {
				d.room.Signal()
			}
			picked[i] = lane{}
		}
		h.mu.Unlock()
	}
}

// pick waits until a pass is worth running (enough streams have a step
// buffered, or a writer waits) and takes the next steps (as many as every
// picked stream has, up to maxSteps) of up to Lanes streams, waiting
// writers first. It reports false after Close.
func (h *Hasher) pick(picked *[Lanes]lane) (n, steps int, ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	yielded := false
	for {
		if h.closed {
			return 0, 0, false
		}
		if h.worthAPass() {
			if !yielded && len(h.ready) < min(h.active, Lanes) {
				// A writer waits, but other streams have no step yet:
				// their writers may be runnable with bytes to copy.
				// Let them run first, so that the pass has company.
				yielded = true
				h.mu.Unlock()
				runtime.Gosched()
				h.mu.Lock()
				continue
			}
			n, steps = 0, maxSteps
			for _, first := range []bool{true, false} {
				for d := range h.ready {
					if n == Lanes {
						break
					}
					if d.busy || d.waiting != first {
						continue
					}
					d.busy = true
					picked[n].d = d
					// Whole steps buffered before the ring wraps.
					steps = min(steps, min(d.n, ringBytes-d.head)/stepBytes)
					n++
				}
			}
			if n > 0 {
				for i := range n {
					d := picked[i].d
					picked[i].data = d.ring[d.head : d.head+steps*stepBytes]
				}
				return n, steps, true
			}
		}
		h.work.Wait()
	}
}

// worthAPass reports whether streams are ready for a pass: every active
// one (up to Lanes), or any when a writer waits.
func (h *Hasher) worthAPass() bool {
	return len(h.ready) > 0 && (len(h.ready) >= min(h.active, Lanes) || h.waiting > 0)
}

// putRing gives a ring back to the pool.
func (h *Hasher) putRing(r *[ringBytes]byte) {
	if r != nil {
		h.rings.Put(r)
	}
}
