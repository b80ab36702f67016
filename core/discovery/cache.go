package discovery

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"google.golang.org/protobuf/proto"

	"github.com/kestractl/kestractl/core/atomicfile"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// cacheVersion changes when the cache layout does. Manifests are stored
// in protobuf's binary form (base64 in the JSON file): decoding them is
// several times cheaper than protojson, and it happens on every command.
const cacheVersion = 5

// DescribeFunc starts one plugin and returns its manifest.
type DescribeFunc func(ctx context.Context, path string) (*pb.Manifest, error)

// Options configure Load.
type Options struct {
	Dirs        []Dir
	CachePath   string // "" disables the cache
	HostVersion string
	Describe    DescribeFunc
	// Reserved are core command names plugins may not take.
	Reserved map[string]bool
	// OnDescribe is told about each plugin that had to be described (a
	// cache miss); tests and benchmarks count plugin starts with it.
	OnDescribe func(path string)
}

type cacheFile struct {
	Version     int         `json:"version"`
	HostVersion string      `json:"host_version"`
	Dirs        []cachedDir `json:"dirs"`
	// Plugins found by the last scan of Dirs, in precedence order.
	Plugins []cachedEntry `json:"plugins"`
	// Others are manifests of plugins seen by earlier scans with other
	// directories (another KESTRACTL_PLUGIN_PATH or PATH), kept so that
	// switching between environments does not describe them again.
	Others []cachedEntry `json:"others,omitempty"`
	// Providers are the plugins ever described, even those gone since.
	Providers []Provider `json:"providers,omitempty"`
}

// maxOthers bounds the manifests kept from other environments.
const maxOthers = 32

type cachedDir struct {
	Dir
	ModTime int64 `json:"mtime_ns"`
	Missing bool  `json:"missing,omitempty"`
}

type cachedEntry struct {
	Plugin
	// Manifest is the binary manifest, stored after the index (see
	// writeCache), at Offset for Length bytes.
	Manifest []byte `json:"-"`
	Offset   int64  `json:"manifest_offset,omitempty"`
	Length   int64  `json:"manifest_length,omitempty"`
}

// Load returns the catalog. When the cache still matches the directories
// (same list, same modification times) and every plugin file (same size
// and modification time), no directory is read and no plugin started.
// Otherwise the directories are scanned and only new or changed plugins are
// described; the cache is then rewritten atomically.
func Load(ctx context.Context, opts Options) (*Catalog, error) {
	old := readCache(opts.CachePath)
	if old != nil && old.Version == cacheVersion && old.HostVersion == opts.HostVersion && dirsMatch(old.Dirs, opts.Dirs) && pluginsMatch(old.Plugins) {
		plugins := make([]*Plugin, 0, len(old.Plugins))
		for i := range old.Plugins {
			p := old.Plugins[i].Plugin
			p.lazy = &lazyManifest{raw: old.Plugins[i].Manifest}
			p.ShadowedBy, p.ShadowedGroups = "", nil
			plugins = append(plugins, &p)
		}
		return newCatalog(plugins, old.Providers, opts.Reserved), nil
	}
	return rescan(ctx, opts, old)
}

// rescan reads the directories, describes the plugins that are new or
// changed since the cache was written, and rewrites the cache.
func rescan(ctx context.Context, opts Options, old *cacheFile) (*Catalog, error) {
	known := reusable(old, opts.HostVersion)
	plugins, dirs := scan(opts.Dirs)
	raw := describeChanged(ctx, opts, plugins, known)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	var remembered []Provider
	if old != nil {
		remembered = old.Providers
	}
	providers := rememberProviders(plugins, remembered)
	cat := newCatalog(plugins, providers, opts.Reserved)
	if opts.CachePath != "" {
		cf := &cacheFile{Version: cacheVersion, HostVersion: opts.HostVersion, Dirs: dirs, Providers: providers}
		cf.Plugins, cf.Others = entries(plugins, raw, known)
		// A cache that cannot be written only costs speed next time.
		_ = writeCache(opts.CachePath, cf)
	}
	return cat, nil
}

// reusable are the cached manifests that can be reused, by path: those of
// a cache of this layout written by this version of the core.
func reusable(old *cacheFile, hostVersion string) map[string]cachedEntry {
	known := map[string]cachedEntry{}
	if old == nil || old.Version != cacheVersion || old.HostVersion != hostVersion {
		return known
	}
	for _, e := range old.Others {
		known[e.Path] = e
	}
	for _, e := range old.Plugins {
		known[e.Path] = e
	}
	return known
}

// scan lists the plugin binaries of the directories, in precedence order.
func scan(dirs []Dir) ([]*Plugin, []cachedDir) {
	var plugins []*Plugin
	var scanned []cachedDir
	for _, d := range dirs {
		cd := cachedDir{Dir: d}
		st, err := os.Stat(d.Path)
		if err != nil {
			cd.Missing = true
			scanned = append(scanned, cd)
			continue
		}
		cd.ModTime = st.ModTime().UnixNano()
		scanned = append(scanned, cd)
		plugins = append(plugins, scanDir(d)...)
	}
	return plugins, scanned
}

// scanDir lists the executable kestractl-<name> files of one directory.
func scanDir(d Dir) []*Plugin {
	entries, err := os.ReadDir(d.Path)
	if err != nil {
		return nil
	}
	var plugins []*Plugin
	for _, e := range entries {
		name := pluginName(e.Name())
		if name == "" {
			continue
		}
		path := filepath.Join(d.Path, e.Name())
		st, err := os.Stat(path)
		if err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
			continue
		}
		plugins = append(plugins, &Plugin{Name: name, Path: path, Source: d.Source, Size: st.Size(), ModTime: st.ModTime().UnixNano()})
	}
	return plugins
}

// describeChanged reuses the manifests of unchanged files (same path, size
// and modification time) and describes the other plugins, four at a time.
// It returns each plugin's manifest in protobuf's binary form.
func describeChanged(ctx context.Context, opts Options, plugins []*Plugin, known map[string]cachedEntry) [][]byte {
	raw := make([][]byte, len(plugins))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i, p := range plugins {
		if e, ok := known[p.Path]; ok && e.Size == p.Size && e.ModTime == p.ModTime && (len(e.Manifest) > 0 || e.Err != "") {
			p.Err, p.Groups, p.Edition = e.Err, e.Groups, e.Edition
			p.lazy = &lazyManifest{raw: e.Manifest}
			raw[i] = e.Manifest
			continue
		}
		if opts.Describe == nil {
			continue
		}
		wg.Add(1)
		go func(i int, p *Plugin) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if opts.OnDescribe != nil {
				opts.OnDescribe(p.Path)
			}
			raw[i] = describe(ctx, opts.Describe, p)
		}(i, p)
	}
	wg.Wait()
	return raw
}

// describe describes one plugin, recording its manifest or why it is
// broken.
func describe(ctx context.Context, fn DescribeFunc, p *Plugin) []byte {
	m, err := fn(ctx, p.Path)
	if err != nil {
		p.Err = err.Error()
		return nil
	}
	if m.GetName() != p.Name {
		p.Err = fmt.Sprintf("binary %s describes itself as plugin %q", filepath.Base(p.Path), m.GetName())
		return nil
	}
	b, err := proto.Marshal(m)
	if err != nil {
		p.Err = fmt.Sprintf("encode its manifest: %v", err)
		return nil
	}
	p.setManifest(m, b)
	return b
}

// entries are the cache entries of the plugins found, and of the plugins
// known from other environments whose files are unchanged (at most
// maxOthers).
func entries(plugins []*Plugin, raw [][]byte, known map[string]cachedEntry) (current, others []cachedEntry) {
	found := map[string]bool{}
	for i, p := range plugins {
		e := cachedEntry{Plugin: *p, Manifest: raw[i]}
		e.ShadowedBy, e.ShadowedGroups = "", nil
		current = append(current, e)
		found[p.Path] = true
	}
	for path, e := range known {
		if found[path] || len(e.Manifest) == 0 || len(others) >= maxOthers {
			continue
		}
		if st, err := os.Stat(path); err == nil && st.Size() == e.Size && st.ModTime().UnixNano() == e.ModTime {
			others = append(others, e)
		}
	}
	return current, others
}

// cacheMagic starts a cache file; the index's length follows it.
const cacheMagic = "kestractl plugin cache\n"

// readCache reads the cache: a small JSON index, then the binary manifests
// it points at. Only the index is decoded here; a manifest is decoded when
// a command needs it (so root help and a command of one plugin never
// decode the others').
func readCache(path string) *cacheFile {
	if path == "" {
		return nil
	}
	b, err := os.ReadFile(path)
	if err != nil || len(b) < len(cacheMagic)+8 || string(b[:len(cacheMagic)]) != cacheMagic {
		return nil
	}
	b = b[len(cacheMagic):]
	n := binary.BigEndian.Uint64(b[:8])
	b = b[8:]
	if n > uint64(len(b)) {
		return nil
	}
	var cf cacheFile
	if json.Unmarshal(b[:n], &cf) != nil {
		return nil // a corrupt cache is just a miss
	}
	blobs := b[n:]
	for _, list := range [][]cachedEntry{cf.Plugins, cf.Others} {
		for i := range list {
			e := &list[i]
			if e.Offset < 0 || e.Length < 0 || e.Offset+e.Length > int64(len(blobs)) {
				return nil
			}
			e.Manifest = blobs[e.Offset : e.Offset+e.Length : e.Offset+e.Length]
		}
	}
	return &cf
}

func writeCache(path string, cf *cacheFile) error {
	var blobs bytes.Buffer
	for _, list := range [][]cachedEntry{cf.Plugins, cf.Others} {
		for i := range list {
			list[i].Offset, list[i].Length = int64(blobs.Len()), int64(len(list[i].Manifest))
			blobs.Write(list[i].Manifest)
		}
	}
	index, err := json.Marshal(cf)
	if err != nil {
		return err
	}
	out := make([]byte, 0, len(cacheMagic)+8+len(index)+blobs.Len())
	out = append(out, cacheMagic...)
	out = binary.BigEndian.AppendUint64(out, uint64(len(index)))
	out = append(out, index...)
	out = append(out, blobs.Bytes()...)
	return atomicfile.WriteFile(path, out, 0o600)
}

func dirsMatch(cached []cachedDir, dirs []Dir) bool {
	if len(cached) != len(dirs) {
		return false
	}
	for i, d := range dirs {
		c := cached[i]
		if c.Path != d.Path || c.Source != d.Source {
			return false
		}
		st, err := os.Stat(d.Path)
		if errors.Is(err, fs.ErrNotExist) {
			if !c.Missing {
				return false
			}
			continue
		}
		if err != nil || c.Missing || st.ModTime().UnixNano() != c.ModTime {
			return false
		}
	}
	return true
}

func pluginsMatch(entries []cachedEntry) bool {
	for _, e := range entries {
		st, err := os.Stat(e.Path)
		if err != nil || st.Size() != e.Size || st.ModTime().UnixNano() != e.ModTime {
			return false
		}
	}
	return true
}
