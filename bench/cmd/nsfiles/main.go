// Command nsfiles benchmarks namespace-file transfers of kestractl against
// curl, in the same run, on a local kestrasim:
//
//   - uploading one large file (default 1 GiB): peak RSS of core + plugin
//     (target ≤ 64 MiB) and wall time against `curl -F` (target ≤ 1.5×);
//   - uploading a directory of small files (default 2,000) against curl
//     uploading them one after another (target ≤ 1.0×);
//   - `nsfiles get` of the large file to a file: peak RSS (target ≤ 64 MiB),
//     with curl -o as the time baseline.
//
// Peak RSS is the sum of each process's VmHWM over the command's process
// tree, polled from /proc.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"syscall"
	"time"

	"github.com/kestractl/kestractl/bench/internal/compare"
	"github.com/kestractl/kestractl/bench/internal/payload"
	"github.com/kestractl/kestractl/bench/internal/peakrss"
	"github.com/kestractl/kestractl/bench/internal/session"
	"github.com/kestractl/kestractl/bench/internal/sim"
)

func main() {
	bin := flag.String("bin", "bin", "directory holding the kestractl binaries and kestrasim")
	size := flag.Int64("size", 1<<30, "size of the large file in bytes")
	small := flag.Int("small", 2000, "number of small files")
	runs := flag.Int("runs", 3, "interleaved runs of each large transfer")
	flag.Parse()
	if err := run(*bin, *size, *small, *runs); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type bench struct {
	*session.Session
}

func run(bin string, size int64, small, runs int) error {
	s, err := session.Start("nsfiles", bin, session.Options{Private: []string{"kestractl", "kestractl-nsfiles", "kestrasim"}, Tools: []string{"curl"}})
	if err != nil {
		return err
	}
	defer s.Close()
	b := &bench{s}
	url := s.Sim.URL
	// Warm the manifest cache.
	if _, err := b.kestractl("nsfiles", "list", "system"); err != nil {
		return err
	}

	big := filepath.Join(s.Tmp, "big.bin")
	if _, err := payload.WriteRandom(big, size); err != nil {
		return err
	}
	fmt.Printf("nsfiles benchmark (kestrasim at %s, %s file, %d small files, %d run(s) of each large transfer)\n", url, payload.Size(size), small, runs)

	// 1. Large upload, with dirty pages flushed before each run so that
	// neither pays for the other's disk writes. Each upload is removed once
	// measured, but the first kestractl one: the downloads read it.
	var kUp, cUp []peakrss.Result
	err = compare.Rounds(runs,
		func(i int) error {
			syscall.Sync()
			name := fmt.Sprintf("curl-%d.bin", i)
			c, err := b.curl("-F", "fileContent=@"+big, url+"/api/v1/main/namespaces/bench/files?path=/"+name)
			cUp = append(cUp, c)
			_ = b.removeRemote(name)
			return err
		},
		func(i int) error {
			syscall.Sync()
			name := fmt.Sprintf("kctl-%d.bin", i)
			k, err := b.kestractl("nsfiles", "upload", "bench", big, "--path", name, "--allow-missing-namespace")
			kUp = append(kUp, k)
			if i > 0 {
				_ = b.removeRemote(name)
			}
			return err
		})
	if err != nil {
		return err
	}
	report("upload "+payload.Size(size), kUp, cUp, "curl -F", 1.5)

	// 2. Many small files.
	dir := filepath.Join(s.Tmp, "small")
	if err := payload.WriteSmall(dir, small); err != nil {
		return err
	}
	names, _ := filepath.Glob(filepath.Join(dir, "*"))
	sort.Strings(names)
	start := time.Now()
	var curlPeak int64
	var curlCPU time.Duration
	for _, n := range names {
		r, err := b.curl("-F", "fileContent=@"+n, url+"/api/v1/main/namespaces/bench.curl/files?path=/small/"+filepath.Base(n))
		if err != nil {
			return err
		}
		curlPeak = max(curlPeak, r.PeakKiB)
		curlCPU += r.CPU
	}
	curlSmall := peakrss.Result{Wall: time.Since(start), PeakKiB: curlPeak, CPU: curlCPU}
	kSmall, err := b.kestractl("nsfiles", "upload", "bench.kctl", dir, "--allow-missing-namespace")
	if err != nil {
		return err
	}
	report(fmt.Sprintf("upload %d small files", small), []peakrss.Result{kSmall}, []peakrss.Result{curlSmall}, "curl sequential", 1.0)

	// 3. Large download to a file.
	var kGet, cGet []peakrss.Result
	for range runs {
		out := filepath.Join(s.Tmp, "out-curl.bin")
		syscall.Sync()
		c, err := b.curl("-o", out, url+"/api/v1/main/namespaces/bench/files?path=/kctl-0.bin")
		if err != nil {
			return err
		}
		cGet = append(cGet, c)
		os.Remove(out)
		out = filepath.Join(s.Tmp, "out-kctl.bin")
		syscall.Sync()
		k, err := b.kestractl("nsfiles", "get", "bench", "kctl-0.bin", "--output-file", out)
		if err != nil {
			return err
		}
		if st, err := os.Stat(out); err != nil || st.Size() != size {
			return fmt.Errorf("nsfiles get wrote %v, want %d bytes (%v)", st, size, err)
		}
		kGet = append(kGet, k)
		os.Remove(out)
	}
	report("get "+payload.Size(size)+" to a file", kGet, cGet, "curl -o", 0)
	return nil
}

func (b *bench) kestractl(args ...string) (peakrss.Result, error) {
	cmd := b.Kestractl(args...)
	cmd.Stdout = io.Discard
	return peakrss.Run(cmd, 5*time.Millisecond)
}

func (b *bench) curl(args ...string) (peakrss.Result, error) {
	cmd := sim.Curl(args...)
	cmd.Stdout = io.Discard
	return peakrss.Run(cmd, 5*time.Millisecond)
}

func (b *bench) removeRemote(p string) error {
	return sim.Curl("-X", "DELETE", b.Sim.URL+"/api/v1/main/namespaces/bench/files?path=/"+p).Run()
}

// report prints one comparison, held to the 64 MiB peak RSS target and a
// time ratio target (0: none).
func report(name string, k, c []peakrss.Result, baseline string, target float64) {
	compare.Report(name, k, c, baseline, compare.Target{Ratio: target, PeakMiB: 64})
}
