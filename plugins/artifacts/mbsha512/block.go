package mbsha512

import (
	"encoding/binary"
	"math/bits"
)

// blockGeneric runs the whole blocks of p through state, one stream on
// its own (FIPS 180-4, 6.4.2).
func blockGeneric(state *[8]uint64, p []byte) {
	var w [80]uint64
	h0, h1, h2, h3, h4, h5, h6, h7 := state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7]
	for len(p) >= BlockSize {
		for i := range 16 {
			w[i] = binary.BigEndian.Uint64(p[8*i:])
		}
		for i := 16; i < 80; i++ {
			v1, v2 := w[i-2], w[i-15]
			s1 := bits.RotateLeft64(v1, -19) ^ bits.RotateLeft64(v1, -61) ^ (v1 >> 6)
			s0 := bits.RotateLeft64(v2, -1) ^ bits.RotateLeft64(v2, -8) ^ (v2 >> 7)
			w[i] = s1 + w[i-7] + s0 + w[i-16]
		}
		a, b, c, d, e, f, g, h := h0, h1, h2, h3, h4, h5, h6, h7
		for i := range 80 {
			t1 := h + (bits.RotateLeft64(e, -14) ^ bits.RotateLeft64(e, -18) ^ bits.RotateLeft64(e, -41)) +
				(g ^ (e & (f ^ g))) + k[i] + w[i]
			t2 := (bits.RotateLeft64(a, -28) ^ bits.RotateLeft64(a, -34) ^ bits.RotateLeft64(a, -39)) +
				((a & b) | (c & (a | b)))
			h, g, f, e, d, c, b, a = g, f, e, d+t1, c, b, a, t1+t2
		}
		h0 += a
		h1 += b
		h2 += c
		h3 += d
		h4 += e
		h5 += f
		h6 += g
		h7 += h
		p = p[BlockSize:]
	}
	state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7] = h0, h1, h2, h3, h4, h5, h6, h7
}
