package mbsha512

import (
	"bytes"
	"crypto/sha512"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
)

// payload returns n deterministic bytes.
func payload(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, 7))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func TestBlocksLanesMatchesGeneric(t *testing.T) {
	if !lanesSupported() {
		t.Skip("no AVX-512 lanes in this build or CPU")
	}
	for _, blocks := range []int{1, 2, 3, 64} {
		t.Run(fmt.Sprint(blocks), func(t *testing.T) {
			var states, want [Lanes][8]uint64
			var data [Lanes][]byte
			for l := range Lanes {
				data[l] = payload(uint64(l*100+blocks), blocks*BlockSize)
				states[l] = iv
				states[l][l] ^= uint64(l) // distinct starting states
				want[l] = states[l]
				blockGeneric(&want[l], data[l])
			}
			blocksLanes(&states, &data, blocks)
			if states != want {
				t.Fatalf("lanes differ from the one-stream code:\n got %x\nwant %x", states, want)
			}
		})
	}
}

func TestDigestMatchesStdlib(t *testing.T) {
	sizes := []int{0, 1, 111, 112, 127, 128, 129, 239, 240, 255, 256, 4095, 4096, 4097, 65536 + 77, 1 << 20}
	writes := []int{1, 7, 128, 1000, 4096, 32 << 10, 1 << 30}
	for _, streams := range []int{0, 3, 8, 20} {
		h := NewHasher(streams)
		for _, size := range sizes {
			for _, w := range writes {
				data := payload(uint64(size), size)
				d := h.New()
				for p := data; len(p) > 0; {
					n := min(w, len(p))
					d.Write(p[:n])
					p = p[n:]
				}
				want := sha512.Sum512(data)
				if got := d.Sum(nil); !bytes.Equal(got, want[:]) {
					t.Fatalf("streams %d, size %d, writes of %d: got %x, want %x", streams, size, w, got, want)
				}
			}
		}
		h.Close()
	}
}

func TestSumLeavesTheDigestAlone(t *testing.T) {
	h := NewHasher(8)
	defer h.Close()
	d := h.New()
	d.Write([]byte("abc"))
	first := d.Sum(nil)
	d.Write([]byte("def"))
	want := sha512.Sum512([]byte("abcdef"))
	if got := d.Sum(nil); !bytes.Equal(got, want[:]) {
		t.Fatalf("after Sum and more writes: got %x, want %x", got, want)
	}
	d.Reset()
	d.Write([]byte("abc"))
	if got := d.Sum(nil); !bytes.Equal(got, first) {
		t.Fatalf("after Reset: got %x, want %x", got, first)
	}
	if d.Size() != sha512.Size || d.BlockSize() != sha512.BlockSize {
		t.Fatalf("Size %d BlockSize %d", d.Size(), d.BlockSize())
	}
}

// Many streams at once, of different lengths and write sizes, as the
// downloader uses them: every digest must be its own.
func TestConcurrentStreams(t *testing.T) {
	h := NewHasher(8)
	defer h.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for s := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			data := payload(uint64(s), 200<<10+s*1031)
			d := h.New()
			step := 4096 + s*517
			for p := data; len(p) > 0; {
				n := min(step, len(p))
				d.Write(p[:n])
				p = p[n:]
			}
			want := sha512.Sum512(data)
			if got := d.Sum(nil); !bytes.Equal(got, want[:]) {
				errs <- fmt.Errorf("stream %d: got %x, want %x", s, got, want)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestWriteAfterClose(t *testing.T) {
	h := NewHasher(8)
	d := h.New()
	h.Close()
	h.Close()
	data := payload(1, 100<<10)
	d.Write(data)
	want := sha512.Sum512(data)
	if got := d.Sum(nil); !bytes.Equal(got, want[:]) {
		t.Fatalf("got %x, want %x", got, want)
	}
}

func FuzzDigest(f *testing.F) {
	f.Add([]byte("abc"), uint16(1))
	f.Add(make([]byte, 9000), uint16(4096))
	h := NewHasher(8)
	f.Fuzz(func(t *testing.T, data []byte, step uint16) {
		d := h.New()
		s := int(step)%8192 + 1
		for p := data; len(p) > 0; {
			n := min(s, len(p))
			d.Write(p[:n])
			p = p[n:]
		}
		want := sha512.Sum512(data)
		if got := d.Sum(nil); !bytes.Equal(got, want[:]) {
			t.Fatalf("len %d step %d: got %x, want %x", len(data), s, got, want)
		}
	})
}

func BenchmarkLanes(b *testing.B) {
	if !lanesSupported() {
		b.Skip("no AVX-512 lanes")
	}
	var states [Lanes][8]uint64
	var data [Lanes][]byte
	for l := range data {
		data[l] = make([]byte, stepBlocks*BlockSize)
	}
	b.SetBytes(Lanes * stepBlocks * BlockSize)
	for b.Loop() {
		blocksLanes(&states, &data, stepBlocks)
	}
}

func BenchmarkGeneric(b *testing.B) {
	var st [8]uint64
	data := make([]byte, stepBlocks*BlockSize)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		blockGeneric(&st, data)
	}
}

func BenchmarkStdlib(b *testing.B) {
	d := sha512.New()
	data := make([]byte, stepBlocks*BlockSize)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		d.Write(data)
	}
}

// Eight writers of 32 KiB chunks through one Hasher: the downloader's case.
func BenchmarkHasher8Streams(b *testing.B) {
	h := NewHasher(8)
	defer h.Close()
	chunk := make([]byte, 32<<10)
	b.SetBytes(8 * 32 * int64(len(chunk)))
	for b.Loop() {
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				d := h.New()
				for range 32 {
					d.Write(chunk)
				}
				d.Sum(nil)
			}()
		}
		wg.Wait()
	}
}

func TestSingleMatchesGeneric(t *testing.T) {
	s := newSingle()
	if !s.stdlib {
		t.Error("crypto/sha512's marshaled state did not round-trip: single streams fall back to the slower blockGeneric")
	}
	for _, blocks := range []int{0, 1, 5, 300} {
		data := payload(uint64(blocks), blocks*BlockSize)
		want, got := iv, iv
		want[0]++
		got[0]++
		blockGeneric(&want, data)
		s.blocks(&got, data)
		if got != want {
			t.Fatalf("%d blocks: got %x, want %x", blocks, got, want)
		}
	}
}
