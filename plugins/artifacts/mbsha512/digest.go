package mbsha512

import (
	"encoding/binary"
	"sync"
)

// Size is the length of a SHA-512 digest in bytes.
const Size = 64

// BlockSize is SHA-512's block size in bytes.
const BlockSize = 128

// iv is SHA-512's initial state (FIPS 180-4, 5.3.5).
var iv = [8]uint64{
	0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
	0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
}

// digest is one stream: written bytes wait in ring until a pass of the
// Hasher takes them, a step at a time. Fields from ring on are guarded by
// the Hasher's mutex; h belongs to the pass while busy.
type digest struct {
	hs  *Hasher
	h   [8]uint64
	len uint64
	// x holds the bytes past the last whole block after Sum, when the ring
	// went back to the pool.
	x  [BlockSize]byte
	nx int

	ring    *[ringBytes]byte
	head, n int  // pending bytes: n from head (a step boundary), wrapping
	busy    bool // a pass is hashing the steps at head
	waiting bool // the writer waits for the Hasher
	// room wakes the writer: a pass took its steps, or Close.
	room sync.Cond
}

func (d *digest) Size() int      { return Size }
func (d *digest) BlockSize() int { return BlockSize }

func (d *digest) Reset() {
	hs := d.hs
	hs.mu.Lock()
	d.settle()
	ring := d.detach()
	hs.mu.Unlock()
	hs.putRing(ring)
	d.h, d.len, d.nx = iv, 0, 0
}

// Write copies p into the ring, waiting for room when the Hasher is behind.
func (d *digest) Write(p []byte) (int, error) {
	n := len(p)
	d.len += uint64(n)
	hs := d.hs
	hs.mu.Lock()
	defer hs.mu.Unlock()
	if d.ring == nil {
		d.ring = hs.rings.Get().(*[ringBytes]byte)
		hs.active++
		d.head, d.n = 0, copy(d.ring[:], d.x[:d.nx])
		d.nx = 0
	}
	for len(p) > 0 {
		if d.n == ringBytes {
			d.wait(func() bool { return d.n < ringBytes })
			continue
		}
		tail := (d.head + d.n) % ringBytes
		end := ringBytes
		if tail < d.head {
			end = d.head
		}
		// Only this goroutine writes the ring, and passes read only the
		// committed bytes: copy without the lock.
		c := min(len(p), end-tail)
		hs.mu.Unlock()
		copy(d.ring[tail:tail+c], p)
		hs.mu.Lock()
		d.n += c
		p = p[c:]
		if d.n >= stepBytes {
			if _, ok := hs.ready[d]; !ok {
				hs.ready[d] = struct{}{}
				if hs.worthAPass() {
					hs.work.Signal()
				}
			}
		}
	}
	return n, nil
}

// Sum appends the digest of what was written to b. What the passes have
// not taken yet is hashed here, on the caller's goroutine (a stream that
// ends would mostly have its lane to itself); the ring goes back to the
// pool and the digest can go on being written.
func (d *digest) Sum(b []byte) []byte {
	hs := d.hs
	hs.mu.Lock()
	d.settle()
	head, n := d.head, d.n
	ring := d.detach()
	hs.mu.Unlock()
	if ring != nil {
		// head is on a step boundary: the part before the wrap is whole
		// blocks.
		first := ring[head:min(head+n, ringBytes)]
		rest := ring[:n-len(first)]
		if len(rest) == 0 {
			first, rest = first[:len(first)&^(BlockSize-1)], first[len(first)&^(BlockSize-1):]
		}
		hs.single.blocks(&d.h, first)
		whole := len(rest) &^ (BlockSize - 1)
		hs.single.blocks(&d.h, rest[:whole])
		d.nx = copy(d.x[:], rest[whole:])
		hs.putRing(ring)
	}

	// Pad a copy: one 0x80 byte, zeros, the 128-bit bit length, ending on
	// a block boundary.
	state := d.h
	var tail [2 * BlockSize]byte
	m := copy(tail[:], d.x[:d.nx])
	tail[m] = 0x80
	end := BlockSize
	if m+1+16 > BlockSize {
		end = 2 * BlockSize
	}
	binary.BigEndian.PutUint64(tail[end-16:], d.len>>61)
	binary.BigEndian.PutUint64(tail[end-8:], d.len<<3)
	blockGeneric(&state, tail[:end])
	var out [Size]byte
	for i, v := range state {
		binary.BigEndian.PutUint64(out[8*i:], v)
	}
	return append(b, out[:]...)
}

// wait blocks, holding the mutex between checks, until done reports true.
// After Close nothing hashes for the digest: it drains its own steps.
func (d *digest) wait(done func() bool) {
	hs := d.hs
	if !d.waiting {
		d.waiting = true
		hs.waiting++
		defer func() { d.waiting = false; hs.waiting-- }()
	}
	hs.work.Broadcast()
	for !done() {
		if hs.closed && !d.busy {
			d.drain()
			continue
		}
		d.room.Wait()
	}
}

// drain hashes a buffered step on the writer's goroutine (after Close).
func (d *digest) drain() {
	if d.n < stepBytes {
		return
	}
	d.hs.single.blocks(&d.h, d.ring[d.head:d.head+stepBytes])
	d.head = (d.head + stepBytes) % ringBytes
	d.n -= stepBytes
	if d.n < stepBytes {
		delete(d.hs.ready, d)
	}
}

// settle waits until no pass holds the digest.
func (d *digest) settle() {
	if d.busy {
		d.wait(func() bool { return !d.busy })
	}
}

// detach takes the ring (and what it holds) out of the Hasher's sight:
// the digest is no longer ready nor active. It returns the ring, or nil.
func (d *digest) detach() *[ringBytes]byte {
	hs := d.hs
	ring := d.ring
	if ring == nil {
		return nil
	}
	delete(hs.ready, d)
	hs.active--
	d.ring, d.head, d.n = nil, 0, 0
	if hs.worthAPass() {
		hs.work.Signal() // the others need not wait for this one
	}
	return ring
}
