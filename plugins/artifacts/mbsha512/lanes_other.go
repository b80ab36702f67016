//go:build !(goexperiment.simd && amd64)

package mbsha512

func lanesSupported() bool { return false }

// blocksLanes is never called without lane support; it hashes lane by lane.
func blocksLanes(states *[Lanes][8]uint64, data *[Lanes][]byte, blocks int) {
	for i := range states {
		blockGeneric(&states[i], data[i][:blocks*BlockSize])
	}
}
