package commands

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// header is one request header as --dry-run shows it.
type header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// dryRun prints the request that would be sent, with every credential
// masked (the Authorization header, credential headers, and query
// parameters and JSON body fields named like secrets), and sends nothing.
func (k *call) dryRun() error {
	c := k.c
	u := strings.TrimRight(c.Server().URL, "/") + k.req.Path
	if q := maskQuery(k.req.Query); len(q) > 0 {
		u += "?" + q.Encode()
	}
	headers, err := k.dryRunHeaders()
	if err != nil {
		return err
	}
	var body json.RawMessage
	var parts []string
	if k.body != nil {
		body = maskJSON(k.body.JSON)
		parts = k.body.Parts
		if k.route.ContentType == "application/x-www-form-urlencoded" && len(parts) == 1 {
			parts = []string{maskForm(parts[0])}
		}
	}
	if c.Structured() {
		out := struct {
			Method      string          `json:"method"`
			URL         string          `json:"url"`
			OperationID string          `json:"operationId,omitempty"`
			Headers     []header        `json:"headers"`
			Body        json.RawMessage `json:"body,omitempty"`
			Parts       []string        `json:"parts,omitempty"`
		}{Method: k.req.Method, URL: u, Headers: headers, Body: body, Parts: parts}
		if op := k.target.Operation; op != nil {
			out.OperationID = op.ID
		}
		if err := c.Object(out); err != nil {
			return err
		}
	} else {
		var b strings.Builder
		fmt.Fprintf(&b, "%s %s\n", k.req.Method, u)
		for _, h := range headers {
			fmt.Fprintf(&b, "%s: %s\n", h.Name, h.Value)
		}
		if len(body) > 0 || len(parts) > 0 {
			b.WriteString("\n")
		}
		if len(body) > 0 {
			var pretty bytes.Buffer
			if json.Indent(&pretty, body, "", "  ") == nil {
				body = pretty.Bytes()
			}
			b.Write(body)
			b.WriteString("\n")
		}
		for _, p := range parts {
			b.WriteString(p + "\n")
		}
		if _, err := fmt.Fprint(c.Stdout(), b.String()); err != nil {
			return err
		}
	}
	return c.Info("Dry run: nothing was sent")
}

// dryRunHeaders lists the headers the client would send, sorted.
func (k *call) dryRunHeaders() ([]header, error) {
	c := k.c
	h := map[string][]string{}
	for _, sh := range c.Server().Headers {
		h[sh.Name] = append(h[sh.Name], sh.Value)
	}
	for name, v := range k.req.Header {
		h[name] = append([]string(nil), v...)
	}
	h["Accept"] = []string{k.req.Accept}
	if k.req.ContentType != "" {
		h["Content-Type"] = []string{k.req.ContentType}
	}
	if ua := c.ClientConfig(nil).UserAgent; ua != "" {
		h["User-Agent"] = []string{ua}
	}
	creds, err := c.Credentials(c, false)
	if err != nil {
		return nil, err
	}
	switch {
	case creds.Token != "":
		h["Authorization"] = []string{"Bearer " + kestra.Redacted}
	case creds.Username != "" || creds.Password != "":
		h["Authorization"] = []string{"Basic " + kestra.Redacted}
	}
	for _, ch := range creds.Headers {
		h[ch.Name] = []string{kestra.Redacted}
	}
	names := make([]string, 0, len(h))
	for n := range h {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []header
	for _, n := range names {
		for _, v := range h[n] {
			if kestra.IsSensitiveHeader(n) && !strings.HasSuffix(v, kestra.Redacted) {
				v = kestra.Redacted
			}
			out = append(out, header{n, v})
		}
	}
	return out, nil
}

// maskQuery hides the values of parameters named like secrets.
func maskQuery(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		if kestra.IsSensitiveHeader(k) {
			out[k] = []string{kestra.Redacted}
			continue
		}
		out[k] = v
	}
	return out
}

func maskForm(s string) string {
	q, err := url.ParseQuery(s)
	if err != nil {
		return s
	}
	return maskQuery(q).Encode()
}

// maskJSON hides the values of fields named like secrets (password,
// token...), at any depth.
func maskJSON(b []byte) json.RawMessage {
	if len(b) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return b
	}
	out, err := json.Marshal(mask(v))
	if err != nil {
		return b
	}
	return out
}

func mask(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, val := range t {
			if kestra.IsSensitiveHeader(k) {
				t[k] = kestra.Redacted
				continue
			}
			t[k] = mask(val)
		}
	case []any:
		for i := range t {
			t[i] = mask(t[i])
		}
	}
	return v
}
