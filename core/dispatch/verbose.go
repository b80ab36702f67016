package dispatch

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/kestractl/kestractl/core/contexts"
	"github.com/kestractl/kestractl/core/settings"
)

// printResolved shows, with --verbose, where each setting came from. It
// never prints a credential.
func printResolved(w io.Writer, s *settings.Settings, lc *contexts.Loaded) {
	if lc.File != nil && lc.File.Exists {
		ctx := "none"
		if lc.Name != "" {
			ctx = fmt.Sprintf("%q", lc.Name)
		}
		fmt.Fprintf(w, "config: %s (context %s)\n", lc.File.Path, ctx)
	}
	fmt.Fprintf(w, "host: %s (%s)\n", s.Host, s.Sources["host"])
	fmt.Fprintf(w, "tenant: %s (%s)\n", s.Tenant, s.Sources["tenant"])
	auth := s.Auth.Method
	if s.Auth.Method == settings.AuthBasic {
		auth += " as " + s.Auth.Username
	}
	if s.Auth.Source != "" {
		auth += " (" + s.Auth.Source + ")"
	}
	fmt.Fprintf(w, "auth: %s\n", auth)
	fmt.Fprintf(w, "output: %s (%s)\n", s.Output, s.Sources["output"])
	var hs []string
	for _, h := range s.Headers {
		hs = append(hs, h.Name+":"+h.Value)
	}
	for _, h := range s.SensitiveHeaders {
		hs = append(hs, h.Name+":REDACTED")
	}
	sort.Strings(hs)
	if len(hs) > 0 {
		fmt.Fprintf(w, "headers: %s\n", strings.Join(hs, ", "))
	}
}
