package executions

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/pebble"
)

// Hooks connect the runner to the other areas of the server; each is
// optional.
type Hooks struct {
	// Secrets resolves secret('KEY') in task properties.
	Secrets Secrets
	// Admission decides whether an execution may start.
	Admission Admission
}

// Secrets gives the value of a secret as a flow of a namespace sees it.
type Secrets interface {
	Secret(tenant, namespace, key string) (string, error)
}

// Admission is consulted when an execution leaves CREATED, as Kestra's
// executor checks quotas before any task runs: it returns "" to run the
// execution, or the state (FAILED, CANCELLED) it ends in without task
// runs.
type Admission interface {
	Admit(tenant string, flow *flows.Definition, at time.Time) string
}

// admitted applies the admission hook; it reports false when the execution
// was ended instead.
func (e *Execution) admitted() bool {
	if e.store.Hooks.Admission == nil {
		return true
	}
	st := e.store.Hooks.Admission.Admit(e.tenant, e.def, e.now())
	if st == "" {
		return true
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.setState(st)
	return false
}

// secretCall is {{ secret('KEY') }} with optional filters:
// {{ secret('KEY') | length }}, {{ secret("KEY") | sha256 }}.
var secretCall = regexp.MustCompile(`\{\{\s*secret\(\s*(?:'([^']*)'|"([^"]*)")\s*\)\s*((?:\|\s*[A-Za-z0-9_]+\s*)*)\}\}`)

// expandSecrets replaces the secret expressions of s by their value (or a
// value derived by filters) and returns the raw secret values used, which
// the caller masks in anything it logs.
func (e *Execution) expandSecrets(s string) (string, []string, error) {
	if !strings.Contains(s, "secret(") {
		return s, nil, nil
	}
	var used []string
	var failure error
	out := secretCall.ReplaceAllStringFunc(s, func(m string) string {
		if failure != nil {
			return m
		}
		sub := secretCall.FindStringSubmatch(m)
		key := sub[1] + sub[2]
		if e.store.Hooks.Secrets == nil {
			failure = taskError(fmt.Sprintf("Cannot find secret for key '%s'.", key))
			return m
		}
		value, err := e.store.Hooks.Secrets.Secret(e.tenant, e.namespace, key)
		if err != nil {
			failure = err
			return m
		}
		used = append(used, value)
		for _, f := range strings.Split(sub[3], "|")[1:] {
			if value, err = applyFilter(strings.TrimSpace(f), value); err != nil {
				failure = err
				return m
			}
		}
		return value
	})
	return out, used, failure
}

// applyFilter applies one Pebble filter to a secret's value: length, or a
// digest (md5, sha1, sha256, sha512) in lower-case hex as Kestra's
// Md5Filter and ShaBaseFilter do (package pebble evaluates them).
func applyFilter(name, v string) (string, error) {
	if !slices.Contains([]string{"length", "md5", "sha1", "sha256", "sha512"}, name) {
		return "", taskError(fmt.Sprintf("Unknown filter '%s' applied to a secret", name))
	}
	out, err := pebble.Filter(name, v, nil)
	if err != nil {
		return "", fmt.Errorf("filter %s: %w", name, err)
	}
	return pebble.String(out), nil
}

// taskError is an error whose message a failed task logs as it is (Kestra's
// wording, capitals and all).
type taskError string

func (e taskError) Error() string { return string(e) }

// maskSecrets replaces every used secret value, and its base64 form, by
// ******, as Kestra's RunContextLogger does with the secrets a task used
// (kestra-io/kestra, core/src/main/java/io/kestra/core/runners/RunContextLogger.java).
func maskSecrets(s string, used []string) string {
	for _, v := range used {
		if v == "" {
			continue
		}
		s = strings.ReplaceAll(s, v, "******")
		s = strings.ReplaceAll(s, base64.StdEncoding.EncodeToString([]byte(v)), "******")
	}
	return s
}
