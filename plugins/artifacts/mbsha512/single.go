package mbsha512

import (
	"crypto/sha512"
	"encoding"
	"encoding/binary"
)

// single hashes one stream's blocks on their own. It uses crypto/sha512's
// code (assembly on most CPUs, about twice blockGeneric's speed), reached
// through the state its digests marshal: the state is written in, the
// blocks hashed, the state read back. The layout of that state is not
// documented, so newSingle checks it against blockGeneric first and falls
// back to blockGeneric if they disagree.
type single struct {
	stdlib bool
}

// marshaled state of a crypto/sha512 digest: magic, h, the partial block,
// the length.
const (
	stateMagic = "sha\x07"
	stateSize  = len(stateMagic) + 8*8 + BlockSize + 8
)

func newSingle() single {
	var probe [2 * BlockSize]byte
	for i := range probe {
		probe[i] = byte(i*7 + 1)
	}
	want, got := iv, iv
	want[3] ^= 0xfeed // any state, not just the initial one
	got[3] ^= 0xfeed
	blockGeneric(&want, probe[:])
	if !stdlibBlocks(&got, probe[:]) || got != want {
		return single{}
	}
	return single{stdlib: true}
}

// blocks runs the whole blocks of p through state.
func (s single) blocks(state *[8]uint64, p []byte) {
	if !s.stdlib || !stdlibBlocks(state, p) {
		blockGeneric(state, p)
	}
}

// stdlibBlocks hashes p with crypto/sha512 from state; false (and state
// untouched) when the state does not round-trip.
func stdlibBlocks(state *[8]uint64, p []byte) bool {
	var buf [stateSize]byte
	copy(buf[:], stateMagic)
	for i, v := range state {
		binary.BigEndian.PutUint64(buf[len(stateMagic)+8*i:], v)
	}
	d := sha512.New()
	if err := d.(encoding.BinaryUnmarshaler).UnmarshalBinary(buf[:]); err != nil {
		return false
	}
	d.Write(p)
	out, err := d.(encoding.BinaryAppender).AppendBinary(buf[:0])
	if err != nil || len(out) != stateSize || string(out[:len(stateMagic)]) != stateMagic {
		return false
	}
	for i := range state {
		state[i] = binary.BigEndian.Uint64(out[len(stateMagic)+8*i:])
	}
	return true
}
