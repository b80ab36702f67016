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
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/kestractl/kestractl/bench/internal/peakrss"
)

const (
	user = "admin@kestra.io"
	pass = "Admin1234"
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
	bin, tmp, url string
	env           []string
}

func run(bin string, size int64, small, runs int) error {
	bin, err := filepath.Abs(bin)
	if err != nil {
		return err
	}
	if _, err := exec.LookPath("curl"); err != nil {
		return fmt.Errorf("curl is needed for the baseline: %w", err)
	}
	tmp, err := os.MkdirTemp("", "kestractl-bench-nsfiles-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	// A private copy of the binaries: the manifest cache stays warm even if
	// bin/ is rebuilt meanwhile, and no other plugin is described.
	private := filepath.Join(tmp, "bin")
	for _, name := range []string{"kestractl", "kestractl-nsfiles", "kestrasim"} {
		if err := copyFile(filepath.Join(bin, name), filepath.Join(private, name)); err != nil {
			return err
		}
	}
	b := &bench{bin: private, tmp: tmp}
	stop, err := b.startSim()
	if err != nil {
		return err
	}
	defer stop()
	b.env = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + filepath.Join(tmp, "home"),
		"XDG_CACHE_HOME=" + filepath.Join(tmp, "cache"),
		"XDG_DATA_HOME=" + filepath.Join(tmp, "xdg-data"),
		"KESTRACTL_HOST=" + b.url,
		"KESTRACTL_USERNAME=" + user,
		"KESTRACTL_PASSWORD=" + pass,
	}
	// Warm the manifest cache.
	if _, err := b.kestractl("nsfiles", "list", "system"); err != nil {
		return err
	}

	big := filepath.Join(tmp, "big.bin")
	if err := writeRandom(big, size); err != nil {
		return err
	}
	fmt.Printf("nsfiles benchmark (kestrasim at %s, %s file, %d small files, %d run(s) of each large transfer)\n", b.url, human(size), small, runs)

	// 1. Large upload.
	var kUp, cUp []peakrss.Result
	// Interleaved, alternating which goes first, with dirty pages flushed
	// before each run so that neither pays for the other's disk writes.
	for i := range runs {
		curlUp := func() error {
			syscall.Sync()
			c, err := b.curl("-F", "fileContent=@"+big, b.url+fmt.Sprintf("/api/v1/main/namespaces/bench/files?path=/curl-%d.bin", i))
			cUp = append(cUp, c)
			return err
		}
		kctlUp := func() error {
			syscall.Sync()
			k, err := b.kestractl("nsfiles", "upload", "bench", big, "--path", fmt.Sprintf("kctl-%d.bin", i), "--allow-missing-namespace")
			kUp = append(kUp, k)
			return err
		}
		first, second := curlUp, kctlUp
		if i%2 == 1 {
			first, second = kctlUp, curlUp
		}
		if err := first(); err != nil {
			return err
		}
		if err := second(); err != nil {
			return err
		}
		_ = b.removeRemote(fmt.Sprintf("curl-%d.bin", i))
		if i > 0 {
			_ = b.removeRemote(fmt.Sprintf("kctl-%d.bin", i))
		}
	}
	report("upload "+human(size), kUp, cUp, "curl -F", 1.5)

	// 2. Many small files.
	dir := filepath.Join(tmp, "small")
	if err := writeSmall(dir, small); err != nil {
		return err
	}
	names, _ := filepath.Glob(filepath.Join(dir, "*"))
	sort.Strings(names)
	start := time.Now()
	var curlPeak int64
	var curlCPU time.Duration
	for _, n := range names {
		r, err := b.curl("-F", "fileContent=@"+n, b.url+"/api/v1/main/namespaces/bench.curl/files?path=/small/"+filepath.Base(n))
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
		out := filepath.Join(tmp, "out-curl.bin")
		syscall.Sync()
		c, err := b.curl("-o", out, b.url+"/api/v1/main/namespaces/bench/files?path=/kctl-0.bin")
		if err != nil {
			return err
		}
		cGet = append(cGet, c)
		os.Remove(out)
		out = filepath.Join(tmp, "out-kctl.bin")
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
	report("get "+human(size)+" to a file", kGet, cGet, "curl -o", 0)
	return nil
}

func (b *bench) startSim() (func(), error) {
	ready := filepath.Join(b.tmp, "ready")
	cmd := exec.Command(filepath.Join(b.bin, "kestrasim"), "--listen", "127.0.0.1:0", "--ready-file", ready,
		"--data-dir", filepath.Join(b.tmp, "sim"))
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start kestrasim: %w", err)
	}
	stop := func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if u, err := os.ReadFile(ready); err == nil && len(u) > 0 {
			b.url = strings.TrimSpace(string(u))
			return stop, nil
		}
	}
	stop()
	return nil, fmt.Errorf("kestrasim not ready after 15s")
}

func (b *bench) kestractl(args ...string) (peakrss.Result, error) {
	cmd := exec.Command(filepath.Join(b.bin, "kestractl"), args...)
	cmd.Env = b.env
	cmd.Stdout = io.Discard
	return peakrss.Run(cmd, 5*time.Millisecond)
}

func (b *bench) curl(args ...string) (peakrss.Result, error) {
	cmd := exec.Command("curl", append([]string{"-sS", "-f", "-u", user + ":" + pass}, args...)...)
	cmd.Stdout = io.Discard
	return peakrss.Run(cmd, 5*time.Millisecond)
}

func (b *bench) removeRemote(p string) error {
	cmd := exec.Command("curl", "-sS", "-f", "-X", "DELETE", "-u", user+":"+pass, b.url+"/api/v1/main/namespaces/bench/files?path=/"+p)
	return cmd.Run()
}

// report prints medians and the ratios; target 0 means no time target.
func report(name string, k, c []peakrss.Result, baseline string, target float64) {
	km, cm := median(k), median(c)
	var kPeak, cPeak int64
	var kTop peakrss.Result
	for _, r := range k {
		if r.PeakKiB > kPeak {
			kPeak, kTop = r.PeakKiB, r
		}
	}
	for _, r := range c {
		cPeak = max(cPeak, r.PeakKiB)
	}
	ratio := float64(km) / float64(cm)
	fmt.Printf("\n%s\n", name)
	fmt.Printf("  kestractl (core + plugin)  median %8.2f s   cpu %7.2f s   peak RSS %7.1f MiB\n", km.Seconds(), medianCPU(k).Seconds(), float64(kPeak)/1024)
	fmt.Printf("    by process: %s\n", byProcess(kTop))
	fmt.Printf("  baseline: %-15s  median %8.2f s   cpu %7.2f s   peak RSS %7.1f MiB\n", baseline, cm.Seconds(), medianCPU(c).Seconds(), float64(cPeak)/1024)
	line := fmt.Sprintf("  ratio time kestractl/%s: %.2fx", baseline, ratio)
	if target > 0 {
		line += fmt.Sprintf(" — %s the %.1fx target", verdict(ratio <= target), target)
	}
	fmt.Println(line)
	fmt.Printf("  ratio peak RSS kestractl/baseline: %.2fx; kestractl peak %.1f MiB — %s the 64 MiB target\n",
		float64(kPeak)/float64(max(cPeak, 1)), float64(kPeak)/1024, verdict(kPeak <= 64*1024))
}

// byProcess lists a run's peak RSS per process name.
func byProcess(r peakrss.Result) string {
	var parts []string
	for key, kib := range r.PerProcess {
		_, name, _ := strings.Cut(key, " ")
		parts = append(parts, fmt.Sprintf("%s %.1f MiB", name, float64(kib)/1024))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

func verdict(ok bool) string {
	if ok {
		return "meets"
	}
	return "MISSES"
}

func medianCPU(rs []peakrss.Result) time.Duration {
	ds := make([]time.Duration, len(rs))
	for i, r := range rs {
		ds[i] = r.CPU
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[len(ds)/2]
}

func median(rs []peakrss.Result) time.Duration {
	ds := make([]time.Duration, len(rs))
	for i, r := range rs {
		ds[i] = r.Wall
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[len(ds)/2]
}

func writeRandom(path string, size int64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	block := make([]byte, 1<<20)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range block {
		block[i] = byte(r.Uint32())
	}
	for left := size; left > 0; {
		n := min(left, int64(len(block)))
		if _, err := f.Write(block[:n]); err != nil {
			f.Close()
			return err
		}
		block[0]++ // no two blocks alike
		left -= n
	}
	return f.Close()
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return fmt.Errorf("%w (run make build first)", err)
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func writeSmall(dir string, n int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	body := []byte(strings.Repeat("small file content\n", 50))
	for i := range n {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("file-%05d.txt", i)), body, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func human(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20:
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d B", n)
}
