// Package app is the kestrasim command: flags, listening, the ready file,
// signal handling, and the instances daemon (--instances) that runs many
// simulators in one process.
package app

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/faults"
)

// Config is the parsed command line.
type Config struct {
	Listen    string
	ReadyFile string
	Edition   string
	BasicUser string
	BasicPass string
	Token     string
	Tenants   []string
	DataDir   string
	Faults    *faults.Spec
	JarSize   int64
	// CorruptChecksums are coordinates (group:artifact:version) whose
	// published checksums are wrong, to test that clients verify them.
	CorruptChecksums []string
	// Instances runs the instances control API on Listen instead of one
	// simulator (see RunInstances).
	Instances bool
}

const usage = `usage: kestrasim [--listen 127.0.0.1:8080] [--ready-file PATH] [--edition ee|oss]
                 [--basic-auth USER:PASS] [--token TOKEN] [--tenants main,staging]
                 [--data-dir DIR] [--faults SPEC] [--jar-size BYTES]
                 [--corrupt-checksum G:A:V,...]
       kestrasim --instances [--listen 127.0.0.1:8080] [--ready-file PATH]`

var tenantID = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// errHelp is returned when --help was asked for.
var errHelp = errors.New("help requested")

// ParseArgs reads the command line (without the program name).
func ParseArgs(args []string) (*Config, error) {
	fs := flag.NewFlagSet("kestrasim", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cfg := &Config{}
	var basic, tenants, faultSpec, jarSize, corrupt string
	fs.StringVar(&cfg.Listen, "listen", "127.0.0.1:8080", "address to listen on (port 0 picks a free port)")
	fs.StringVar(&cfg.ReadyFile, "ready-file", "", "file to write the base URL to once listening")
	fs.StringVar(&cfg.Edition, "edition", "ee", "ee or oss")
	fs.StringVar(&basic, "basic-auth", "admin@kestra.io:Admin1234", "super-admin basic credentials USER:PASS")
	fs.StringVar(&cfg.Token, "token", "", "super-admin bearer token")
	fs.StringVar(&tenants, "tenants", "main", "comma-separated tenant ids")
	fs.StringVar(&cfg.DataDir, "data-dir", "", "directory for namespace files (default: a temporary directory)")
	fs.StringVar(&faultSpec, "faults", "", "fault injection, e.g. rate=0.1,codes=500+503+429,retry-after=1,latency=20ms,drop=0.02,paths=/api/v1/")
	fs.StringVar(&jarSize, "jar-size", "1048576", "size in bytes of every JAR served under /maven2/")
	fs.StringVar(&corrupt, "corrupt-checksum", "", "comma-separated group:artifact:version whose checksum files are wrong (tests)")
	fs.BoolVar(&cfg.Instances, "instances", false, "serve the instances control API (POST /instances) instead of one simulator")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, errHelp
		}
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if cfg.Instances {
		if err := instancesFlagsOnly(fs, cfg.Listen); err != nil {
			return nil, err
		}
	}
	cfg.Edition = strings.ToLower(cfg.Edition)
	if cfg.Edition != "ee" && cfg.Edition != "oss" {
		return nil, fmt.Errorf("invalid --edition %q: want ee or oss", cfg.Edition)
	}
	if cfg.Listen == "" {
		return nil, fmt.Errorf("invalid --listen: empty address")
	}
	user, pass, ok := strings.Cut(basic, ":")
	if !ok || user == "" || pass == "" {
		return nil, fmt.Errorf("invalid --basic-auth %q: want USER:PASS", basic)
	}
	cfg.BasicUser, cfg.BasicPass = user, pass
	if cfg.Token != "" && strings.ContainsAny(cfg.Token, " \t\r\n") {
		return nil, fmt.Errorf("invalid --token: must not contain spaces")
	}
	for _, t := range strings.Split(tenants, ",") {
		t = strings.TrimSpace(t)
		if !tenantID.MatchString(t) {
			return nil, fmt.Errorf("invalid tenant id %q in --tenants: want lowercase letters, digits, '-' or '_'", t)
		}
		cfg.Tenants = append(cfg.Tenants, t)
	}
	if faultSpec != "" {
		spec, err := faults.Parse(faultSpec)
		if err != nil {
			return nil, fmt.Errorf("invalid --faults: %w", err)
		}
		cfg.Faults = spec
	}
	n, err := strconv.ParseInt(jarSize, 10, 64)
	if err != nil || n < 1 {
		return nil, fmt.Errorf("invalid --jar-size %q: want a positive number of bytes", jarSize)
	}
	cfg.JarSize = n
	for _, c := range strings.Split(corrupt, ",") {
		if c = strings.TrimSpace(c); c == "" {
			continue
		}
		if strings.Count(c, ":") != 2 {
			return nil, fmt.Errorf("invalid --corrupt-checksum %q: want group:artifact:version", c)
		}
		cfg.CorruptChecksums = append(cfg.CorruptChecksums, c)
	}
	return cfg, nil
}
