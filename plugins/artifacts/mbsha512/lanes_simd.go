//go:build goexperiment.simd && amd64

package mbsha512

import "simd/archsimd"

// lanesSupported: the lane code needs AVX-512 (F, BW, VL, DQ, CD) and
// VBMI (byte permutes).
func lanesSupported() bool {
	return archsimd.X86.AVX512() && archsimd.X86.AVX512VBMI()
}

// blocksLanes runs blocks blocks of every lane's data through that lane's
// state, the eight lanes side by side (word i of lane l in element l).
func blocksLanes(states *[Lanes][8]uint64, data *[Lanes][]byte, blocks int) {
	for l := range data {
		_ = data[l][blocks*BlockSize-1] // one bounds check per lane
	}
	var t [8][Lanes]uint64
	for l := range Lanes {
		for i := range 8 {
			t[i][l] = states[l][i]
		}
	}
	h0 := archsimd.LoadUint64x8(&t[0])
	h1 := archsimd.LoadUint64x8(&t[1])
	h2 := archsimd.LoadUint64x8(&t[2])
	h3 := archsimd.LoadUint64x8(&t[3])
	h4 := archsimd.LoadUint64x8(&t[4])
	h5 := archsimd.LoadUint64x8(&t[5])
	h6 := archsimd.LoadUint64x8(&t[6])
	h7 := archsimd.LoadUint64x8(&t[7])
	ix := newTranspose()
	var w [80]archsimd.Uint64x8
	for b := range blocks {
		ix.load(&w, data, b*BlockSize)
		for i := 16; i < 80; i++ {
			v1, v2 := w[i-2], w[i-15]
			s1 := v1.RotateAllRight(19).Xor(v1.RotateAllRight(61)).Xor(v1.ShiftAllRight(6))
			s0 := v2.RotateAllRight(1).Xor(v2.RotateAllRight(8)).Xor(v2.ShiftAllRight(7))
			w[i] = s1.Add(w[i-7]).Add(s0).Add(w[i-16])
		}
		a, b, c, d, e, f, g, h := h0, h1, h2, h3, h4, h5, h6, h7
		for i := range 80 {
			t1 := h.Add(e.RotateAllRight(14).Xor(e.RotateAllRight(18)).Xor(e.RotateAllRight(41))).
				Add(g.Xor(e.And(f.Xor(g)))).
				Add(archsimd.BroadcastUint64x8(k[i])).Add(w[i])
			t2 := a.RotateAllRight(28).Xor(a.RotateAllRight(34)).Xor(a.RotateAllRight(39)).
				Add(a.And(b).Or(c.And(a.Or(b))))
			h, g, f, e, d, c, b, a = g, f, e, d.Add(t1), c, b, a, t1.Add(t2)
		}
		h0, h1, h2, h3 = h0.Add(a), h1.Add(b), h2.Add(c), h3.Add(d)
		h4, h5, h6, h7 = h4.Add(e), h5.Add(f), h6.Add(g), h7.Add(h)
	}
	h0.Store(&t[0])
	h1.Store(&t[1])
	h2.Store(&t[2])
	h3.Store(&t[3])
	h4.Store(&t[4])
	h5.Store(&t[5])
	h6.Store(&t[6])
	h7.Store(&t[7])
	for l := range Lanes {
		for i := range 8 {
			states[l][i] = t[i][l]
		}
	}
}

// transpose holds the permutations that turn eight lanes' blocks into
// message-word vectors.
type transpose struct {
	even, odd archsimd.Uint8x64 // pairs of lanes: words 0,2,4,6 / 1,3,5,7, byte-swapped
	lo2, hi2  archsimd.Uint64x8 // fours of lanes: words {0,4} / {2,6} of each pair
	lo4, hi4  archsimd.Uint64x8 // all eight lanes: first / second word of each four
}

func newTranspose() transpose {
	var ev, od [64]uint8
	for q := range 8 {
		src := uint8(q & 1) // element q comes from x (even q) or y (odd q)
		w := uint8(q &^ 1)
		for b := range uint8(8) {
			ev[q*8+int(b)] = src*64 + w*8 + 7 - b // big-endian: reverse the bytes
			od[q*8+int(b)] = src*64 + (w+1)*8 + 7 - b
		}
	}
	lo2 := [8]uint64{0, 1, 8, 9, 4, 5, 12, 13}
	hi2 := [8]uint64{2, 3, 10, 11, 6, 7, 14, 15}
	lo4 := [8]uint64{0, 1, 2, 3, 8, 9, 10, 11}
	hi4 := [8]uint64{4, 5, 6, 7, 12, 13, 14, 15}
	return transpose{
		even: archsimd.LoadUint8x64(&ev), odd: archsimd.LoadUint8x64(&od),
		lo2: archsimd.LoadUint64x8(&lo2), hi2: archsimd.LoadUint64x8(&hi2),
		lo4: archsimd.LoadUint64x8(&lo4), hi4: archsimd.LoadUint64x8(&hi4),
	}
}

// load sets w[0..15] to the message words of the block at off of every
// lane: w[t] holds word t of lanes 0..7.
func (ix *transpose) load(w *[80]archsimd.Uint64x8, data *[Lanes][]byte, off int) {
	for half := range 2 {
		o := off + 64*half
		l0 := archsimd.LoadUint8x64Slice(data[0][o : o+64])
		l1 := archsimd.LoadUint8x64Slice(data[1][o : o+64])
		l2 := archsimd.LoadUint8x64Slice(data[2][o : o+64])
		l3 := archsimd.LoadUint8x64Slice(data[3][o : o+64])
		l4 := archsimd.LoadUint8x64Slice(data[4][o : o+64])
		l5 := archsimd.LoadUint8x64Slice(data[5][o : o+64])
		l6 := archsimd.LoadUint8x64Slice(data[6][o : o+64])
		l7 := archsimd.LoadUint8x64Slice(data[7][o : o+64])
		// Pairs of lanes, even and odd words.
		e01 := l0.ConcatPermute(l1, ix.even).AsUint64x8()
		o01 := l0.ConcatPermute(l1, ix.odd).AsUint64x8()
		e23 := l2.ConcatPermute(l3, ix.even).AsUint64x8()
		o23 := l2.ConcatPermute(l3, ix.odd).AsUint64x8()
		e45 := l4.ConcatPermute(l5, ix.even).AsUint64x8()
		o45 := l4.ConcatPermute(l5, ix.odd).AsUint64x8()
		e67 := l6.ConcatPermute(l7, ix.even).AsUint64x8()
		o67 := l6.ConcatPermute(l7, ix.odd).AsUint64x8()
		// Fours of lanes: words {0,4}, {2,6}, {1,5}, {3,7}.
		a04, a26 := e01.ConcatPermute(e23, ix.lo2), e01.ConcatPermute(e23, ix.hi2)
		a15, a37 := o01.ConcatPermute(o23, ix.lo2), o01.ConcatPermute(o23, ix.hi2)
		b04, b26 := e45.ConcatPermute(e67, ix.lo2), e45.ConcatPermute(e67, ix.hi2)
		b15, b37 := o45.ConcatPermute(o67, ix.lo2), o45.ConcatPermute(o67, ix.hi2)
		// All eight lanes.
		base := 8 * half
		w[base+0], w[base+4] = a04.ConcatPermute(b04, ix.lo4), a04.ConcatPermute(b04, ix.hi4)
		w[base+2], w[base+6] = a26.ConcatPermute(b26, ix.lo4), a26.ConcatPermute(b26, ix.hi4)
		w[base+1], w[base+5] = a15.ConcatPermute(b15, ix.lo4), a15.ConcatPermute(b15, ix.hi4)
		w[base+3], w[base+7] = a37.ConcatPermute(b37, ix.lo4), a37.ConcatPermute(b37, ix.hi4)
	}
}
