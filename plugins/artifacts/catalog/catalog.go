// Package catalog reads Kestra's plugin compatibility catalog
// (GET {base}/plugins/artifacts/core-compatibility/{version}/latest): the
// plugin artifacts, with versions, that work with one Kestra version.
package catalog

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/kestractl/kestractl/plugins/artifacts/coord"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
)

// DefaultBaseURL is the public catalog.
const DefaultBaseURL = "https://api.kestra.io/v1"

// Licenses as the catalog names them.
const (
	OpenSource = "OPEN_SOURCE"
	Enterprise = "ENTERPRISE"
)

// DevelopVersion is what the aliases latest and develop stand for.
const DevelopVersion = "999.999.999"

// Entry is one catalog entry.
type Entry struct {
	GroupID    string `json:"groupId"`
	ArtifactID string `json:"artifactId"`
	License    string `json:"license"`
	Version    string `json:"version"`
	// Raw is the entry as the catalog sent it (printed unchanged by
	// -o json); nil for an entry made in code.
	Raw json.RawMessage `json:"-"`
}

// JSON is the entry as the catalog sent it, or its fields when it was
// made in code.
func (e Entry) JSON() (json.RawMessage, error) {
	if e.Raw != nil {
		return e.Raw, nil
	}
	return json.Marshal(e)
}

// Edition is the entry's license as --edition names it: OSS, EE, or the
// catalog's word for another license.
func (e Entry) Edition() string {
	switch e.License {
	case OpenSource:
		return "OSS"
	case Enterprise:
		return "EE"
	}
	return e.License
}

// Coordinate is the entry's groupId:artifactId:version.
func (e Entry) Coordinate() coord.Coordinate {
	return coord.Coordinate{GroupID: e.GroupID, ArtifactID: e.ArtifactID, Version: e.Version}
}

// Validate checks the entry's coordinate before it is used in a URL or a
// path: the catalog is remote input.
func (e Entry) Validate() error {
	c := e.Coordinate()
	if c.Version == "" {
		return fmt.Errorf("catalog entry %s has no version", c.Key())
	}
	if err := c.Validate(); err != nil {
		return fmt.Errorf("catalog entry %q is not a valid coordinate: %v", c.String(), err)
	}
	return nil
}

// ResolveVersion maps the aliases latest and develop (any case) to
// 999.999.999; other versions are returned as given.
func ResolveVersion(v string) string {
	switch strings.ToLower(v) {
	case "latest", "develop":
		return DevelopVersion
	}
	return v
}

// CheckVersion validates a Kestra version before it goes into the URL.
func CheckVersion(v string) error {
	if err := coord.CheckPart(v); err != nil {
		return fmt.Errorf("invalid Kestra version %q: %v", v, err)
	}
	return nil
}

// License maps --edition (ALL, OSS, EE; any case) to the license filter
// ("" for all).
func License(edition string) (string, error) {
	switch strings.ToUpper(edition) {
	case "ALL":
		return "", nil
	case "OSS":
		return OpenSource, nil
	case "EE":
		return Enterprise, nil
	}
	return "", fmt.Errorf("invalid --edition %q: must be ALL, OSS, or EE", edition)
}

// Client fetches the catalog through a kestra.Client whose base URL is the
// catalog's (e.g. https://api.kestra.io/v1).
type Client struct {
	HTTP *kestra.Client
}

// Fetch returns the catalog for a Kestra version (aliases resolved by the
// caller), filtered by license ("" for all), in the catalog's order. The
// request is anonymous: the catalog is public, and credentials meant for a
// Maven repository must not reach it.
func (c *Client) Fetch(ctx context.Context, version, license string) ([]Entry, error) {
	if err := CheckVersion(version); err != nil {
		return nil, cmderr.Usagef("%v", err)
	}
	req := &kestra.Request{
		Method:    http.MethodGet,
		Path:      "/plugins/artifacts/core-compatibility/" + url.PathEscape(version) + "/latest",
		Anonymous: true,
	}
	if license != "" {
		req.Query = url.Values{"license": {license}}
	}
	var body []byte
	if err := c.HTTP.JSON(ctx, req, &body); err != nil {
		return nil, fetchError(c.HTTP.BaseURL(), version, err)
	}
	entries, err := Decode(body)
	if err != nil {
		return nil, cmderr.New(cmderr.Unavailable, "failed to parse plugin list: %v", err)
	}
	return entries, nil
}

func fetchError(base, version string, err error) error {
	var apiErr *kestra.APIError
	var netErr *kestra.NetworkError
	switch {
	case errors.As(err, &apiErr):
		e := cmderr.New(apiErr.ErrorCode(), "plugin API returned HTTP %d for version %q — check that the version exists", apiErr.Status, version)
		if apiErr.Status == http.StatusNotFound {
			e = e.WithHint("'kestractl plugins list latest' shows the newest plugins; versions look like 2.0.0")
		}
		return e
	case errors.As(err, &netErr):
		msg := fmt.Sprintf("failed to reach plugin API at %s: %s", base, netErr.Reason)
		return cmderr.New(netErr.ErrorCode(), "%s", msg).WithHint("check the network, or point --plugins-api (KESTRACTL_PLUGINS_API) at a reachable catalog")
	}
	return err
}

// Decode reads a catalog answer: a JSON array of entries, each keeping
// its raw JSON.
func Decode(body []byte) ([]Entry, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	var raws []json.RawMessage
	if err := dec.Decode(&raws); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("unexpected data after the JSON array")
	}
	entries := make([]Entry, len(raws))
	for i, raw := range raws {
		if err := json.Unmarshal(raw, &entries[i]); err != nil {
			return nil, fmt.Errorf("entry %d: %w", i+1, err)
		}
		entries[i].Raw = raw
	}
	return entries, nil
}

// ByKey indexes entries by groupId:artifactId; the first occurrence wins.
func ByKey(entries []Entry) map[string]Entry {
	m := make(map[string]Entry, len(entries))
	for _, e := range entries {
		k := e.GroupID + ":" + e.ArtifactID
		if _, ok := m[k]; !ok {
			m[k] = e
		}
	}
	return m
}

// ByArtifact indexes entries by artifactId; the first occurrence wins.
func ByArtifact(entries []Entry) map[string]Entry {
	m := make(map[string]Entry, len(entries))
	for _, e := range entries {
		if _, ok := m[e.ArtifactID]; !ok {
			m[e.ArtifactID] = e
		}
	}
	return m
}
